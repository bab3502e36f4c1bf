// Keyboard for the reviewer console (no inline scripts: the CSP allows only this file).
// C claim, L release, A approve, R reject, E escalate (A/R/E arm the button: Enter confirms,
// Esc cancels), Q queue, D dashboard, J/K move in the queue, O or Enter opens the selected case.
(function () {
  "use strict";
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" && !/^(checkbox|radio|button|submit)$/i.test(el.type) || tag === "TEXTAREA" ||
      tag === "SELECT" || el.isContentEditable;
  }
  function submitButton(id) {
    var b = document.getElementById(id);
    if (b && b.form) { b.form.requestSubmit ? b.form.requestSubmit(b) : b.click(); return true; }
    return false;
  }
  var armed = null;
  function disarm() {
    if (armed) armed.classList.remove("armed");
    armed = null;
    var h = document.getElementById("confirm-hint");
    if (h) h.hidden = true;
  }
  function arm(verdict) {
    var b = document.getElementById("decide-" + verdict);
    if (!b) return false;
    disarm();
    armed = b;
    b.classList.add("armed");
    b.focus();
    var h = document.getElementById("confirm-hint");
    if (h) h.hidden = false;
    return true;
  }
  var rows = [], sel = -1;
  function select(i) {
    if (!rows.length) return;
    if (sel >= 0) rows[sel].classList.remove("sel");
    sel = Math.max(0, Math.min(rows.length - 1, i));
    rows[sel].classList.add("sel");
    rows[sel].scrollIntoView({block: "nearest"});
  }
  document.addEventListener("DOMContentLoaded", function () {
    rows = Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr[data-href]"));
    if (rows.length) select(0);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if (typing(ev.target)) { if (ev.key === "Escape") ev.target.blur(); return; }
    var key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
    var handled = true;
    if (key === "Escape") { disarm(); }
    else if (key === "Enter" && armed) { var b = armed; disarm(); submitButton(b.id); }
    else if (key === "c") { handled = submitButton("claim-btn"); }
    else if (key === "l") { handled = submitButton("release-btn"); }
    else if (key === "a") { handled = arm("APPROVE"); }
    else if (key === "r") { handled = arm("REJECT"); }
    else if (key === "e") { handled = arm("ESCALATE"); }
    else if (key === "q") { location.href = "/queue"; }
    else if (key === "d") { location.href = "/dashboard"; }
    else if (key === "j" && rows.length) { select(sel + 1); }
    else if (key === "k" && rows.length) { select(sel - 1); }
    else if ((key === "o" || key === "Enter") && rows.length && sel >= 0 && document.body.dataset.page === "queue") {
      location.href = rows[sel].dataset.href;
    }
    else { handled = false; }
    if (handled) ev.preventDefault();
  });
})();
