"""The reviewer console: a server-rendered web app (Flask + Jinja2) over the review core."""
