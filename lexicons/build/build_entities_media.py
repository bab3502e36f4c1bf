"""Hand-curated data for lexicons/entities/news_media.tsv (rebuilt by build_entities.py).

Format as in build_entities_gov.py, plus ``@region=NAME`` to set the default
region for the lines below (``@region=`` resets to national).

Scope: central news units and their papers, sites, apps and accounts; CCTV,
CGTN, CNR and CRI channels and frequencies; well-known programmes; national
industry and ministry papers; every provincial party paper, broadcaster and
satellite channel with their main apps and sites; named metro and city papers
whose names are not simply region + 日报/晚报 (those are covered by
organ_patterns.tsv); Hong Kong and Macau media with mainland ties.
Cross-checked against the 国家网信办《互联网新闻信息稿源单位名单》 (2015 edition,
as transcribed in public sources) for the provincial units.

Flags: ``common_word`` where the name is also an ordinary phrase (对话, 第一时间),
``history`` for titles that have ceased or been renamed but are still
impersonated, ``programme`` for programmes, ``channel`` for channels and
frequencies, ``brand`` for apps/sites/accounts of a parent unit.
"""

PREFIX = "media"
CATEGORY = "NEWS_MEDIA"
FILE = "news_media.tsv"
SOURCE = "hand-curated from public knowledge; provincial units cross-checked against 国家网信办《互联网新闻信息稿源单位名单》"
SOURCE_DATE = "2026-09-01"

DATA = r"""
@severity=high
# --- central news units -------------------------------------------------------
人民日报 / 人民日报社, People's Daily / / / high
人民日报海外版 / People's Daily Overseas Edition / / / high
人民网 / People's Daily Online, people.com.cn / / / high / brand
人民日报客户端 / / / / high / brand
人民视频 / / / / normal / brand
人民日报评论 / / / / high / brand
侠客岛 / / / / normal / brand
学习小组 / / / / normal / brand,common_word
海外网 / / / / normal / brand
环球时报 / Global Times / 环时 / / high
环球网 / / / / high / brand
健康时报 / / / / normal
证券时报 / / / / normal
证券时报网 / / / / normal / brand
中国基金报 / / / / normal
中国能源报 / / / / normal
国际金融报 / / / / normal
讽刺与幽默 / / / / low
中国城市报 / / / / normal
国家人文历史 / / / / normal
人民论坛 / 《人民论坛》杂志 / / / normal
人民论坛网 / / / / normal / brand
新闻战线 / / / / normal
中国经济周刊 / / / / normal
民生周刊 / / / / normal
环球人物 / / / / normal
人民文摘 / / / / low
人民日报出版社 / / / / normal
京华时报 / / / 北京 / low / history
市场报 / / / / low / history
新华通讯社 / 新华社, Xinhua News Agency, Xinhua / 新华社 / / high
新华网 / xinhuanet, news.cn / / / high / brand
新华社客户端 / / / / high / brand
新华每日电讯 / / / / high
新华视点 / / / / high / brand
新华国际 / / / / normal / brand
新华财经 / / / / normal / brand
中国经济信息社 / / 中经社 / / normal
参考消息 / / / / high
参考消息网 / / / / normal / brand
经济参考报 / / / / high
经济参考网 / / / / normal / brand
中国证券报 / / 中证报 / / high
中证网 / / / / normal / brand
上海证券报 / / 上证报 / / high
中国证券网 / / / / normal / brand
半月谈 / / / / high
半月谈网 / / / / normal / brand
瞭望 / 瞭望新闻周刊 / / / high
瞭望东方周刊 / / / / normal
中国记者 / / / / normal
环球 / 环球杂志 / / / low / common_word
新华出版社 / / / / normal
中央广播电视总台 / China Media Group, CMG / 总台 / / high
中央电视台 / China Central Television, CCTV / 央视 / / high
中央人民广播电台 / China National Radio, CNR / 央广 / / high
中国国际广播电台 / China Radio International, CRI / 国际台 / / high
中国国际电视台 / CGTN, China Global Television Network, CCTV-NEWS / / / high
央视新闻 / 央视新闻客户端 / / / high / brand
央视网 / cctv.com, 中国网络电视台, CNTV / / / high / brand
央视频 / / / / high / brand
央视影音 / / / / normal / brand
央视财经 / / / / high / brand
央视体育 / / / / normal / brand
央视军事 / / / / high / brand
央视综艺 / / / / normal / brand
央视文艺 / / / / normal / brand
央视纪录 / / / / normal / brand
央视农业农村 / / / / normal / brand
央视一套 / / / / normal / brand
熊猫频道 / iPanda / / / low / brand
玉渊谭天 / / / / normal / brand
央广网 / cnr.cn, 中国广播网 / / / high / brand
央广新闻 / / / / normal / brand
云听 / / / / normal / brand
国际在线 / CRI Online / / / normal / brand
环球资讯广播 / CRI News Radio / / / normal / channel
轻松调频 / EZFM / / / low / channel
劲曲调频 / Hit FM / / / low / channel
光明日报 / 光明日报社, Guangming Daily / / / high
光明网 / / / / high / brand
文摘报 / / / / normal
中华读书报 / / / / normal
博览群书 / / / / low
光明日报出版社 / / / / normal
经济日报 / 经济日报社, Economic Daily / / / high
中国经济网 / / / / high / brand
中国县域经济报 / / / / normal
证券日报 / / / / normal
经济日报出版社 / / / / low
中国日报 / China Daily, 中国日报社 / / / high
中国日报网 / chinadaily.com.cn / / / high / brand
中国日报双语新闻 / / / / normal / brand
21世纪英文报 / 21st Century / / / low
求是 / 求是杂志, Qiushi / / / high
求是网 / / / / high / brand
红旗文稿 / / / / normal
中国新闻社 / China News Service / 中新社 / / high
中国新闻网 / 中新网, chinanews.com / / / high / brand
中国新闻周刊 / / / / high
中新视频 / / / / normal / brand
中新经纬 / / / / normal / brand
国是直通车 / / / / normal / brand
中国侨网 / / / / normal / brand
中国外文局 / 中国国际传播集团, 中国外文出版发行事业局 / / / high
中国网 / china.com.cn / / / high / brand
北京周报 / Beijing Review / / / normal
人民画报 / China Pictorial / / / normal
今日中国 / China Today / / / normal
人民中国 / People's China / / / normal
中国报道 / 中国报道杂志 / / / normal
外文出版社 / / / / low
中国青年报 / 中国青年报社 / 中青报 / / high
中青在线 / / / / normal / brand
中国青年网 / / 中青网 / / normal / brand
中国青年 / 中国青年杂志 / / / normal / common_word
中国少年报 / / / / low
未来网 / / / / normal / brand
中国妇女报 / / / / high
中国妇女 / 中国妇女杂志 / / / normal
中国妇女网 / / / / normal / brand
工人日报 / / / / high
中工网 / / / / normal / brand
中国工人 / / / / low
农民日报 / / / / high
中国农网 / / / / normal / brand
科技日报 / Science and Technology Daily / / / high
中国科技网 / / / / normal / brand
科普时报 / / / / normal
中国科学报 / / / / normal
科学网 / / / / normal / brand
法治日报 / 法制日报, Legal Daily / / / high
法治网 / 法制网 / / / normal / brand
法治周末 / / / / normal
检察日报 / / / / high
正义网 / / / / normal / brand
人民法院报 / / / / high
中国法院网 / / / / high / brand
人民公安报 / / / / high
中国警察网 / / / / high / brand
人民公安 / 人民公安杂志 / / / normal
中国纪检监察报 / / / / high
中国纪检监察 / 中国纪检监察杂志 / / / high
学习时报 / / / / high
学习强国 / 学习强国学习平台 / / / high / brand
中国组织人事报 / 组织人事报 / / / high
共产党员网 / 12371 / / / high / brand
党建 / 《党建》杂志 / / / normal / common_word
党建网 / / / / normal / brand
中国共产党新闻网 / / / / high / brand
中国文明网 / / / / high / brand
中国网信网 / / / / high / brand
中国社会科学报 / / / / normal
中国社会科学网 / / / / normal / brand
理论网 / / / / normal / brand
中国共产党历史网 / / / / normal / brand
中华人民共和国国史网 / / / / normal / brand
马克思主义研究网 / / / / low / brand
中国搜索 / / / / normal / brand
中国台湾网 / / / / normal / brand
中国西藏网 / / / / normal / brand
中国发展网 / / / / low / brand
中国消费网 / / / / low / brand
中国安全生产网 / / / / low / brand
中国海洋在线 / / / / low / brand
消费日报 / / / / normal
消费日报网 / / / / low / brand
人民政协报 / / / / high
人民政协网 / / / / normal / brand
中国政协 / 中国政协杂志 / / / normal
中国人大 / 中国人大杂志 / / / normal
团结报 / / / / normal
紫光阁 / 紫光阁杂志 / / / normal / history
当代世界 / / / / low
中华儿女 / / / / low
中国教育报 / / / / high
中国教育新闻网 / / / / normal / brand
中国教师报 / / / / normal
中国教育电视台 / CETV / / / high
中国文化报 / / / / normal
中国旅游报 / / / / normal
中国体育报 / / / / normal
健康报 / / / / high
中国中医药报 / / / / normal
中国医药报 / / / / normal
中国人口报 / / / / low / history
中国劳动保障报 / / / / normal
中国社会报 / / / / normal
公益时报 / / / / normal
中国民族报 / / / / normal
中国交通报 / / / / normal
中国水利报 / / / / normal
中国自然资源报 / / / / normal
中国国土资源报 / / / / low / history
中国海洋报 / / / / low / history
中国环境报 / / / / normal
中国建设报 / / / / normal
中国财经报 / / / / normal
金融时报 / / / / normal
中国税务报 / / / / normal
中国审计报 / / / / normal
中国市场监管报 / 中国工商报 / / / normal
中国质量报 / / / / normal
中国应急管理报 / 中国安全生产报 / / / normal
中国气象报 / / / / normal
中国改革报 / / / / normal
中国经济导报 / / / / normal
中国经济时报 / / / / normal
中国商报 / / / / normal
国际商报 / / / / normal
中国贸易报 / / / / normal
中国新闻出版广电报 / / / / normal
中国出版传媒商报 / / / / low
中国艺术报 / / / / normal
文艺报 / / / / normal
中国消费者报 / / / / normal
中国食品安全报 / / / / normal
中国绿色时报 / / / / normal
中华工商时报 / / / / normal
中国老年报 / / / / normal
中国信息报 / / / / normal
中国会计报 / / / / low
中国银行保险报 / 中国保险报 / / / normal
中国国门时报 / / / / low
中国煤炭报 / / / / normal
中国石油报 / / / / low
中国石化报 / / / / low
中国冶金报 / / / / low
中国有色金属报 / / / / low
中国化工报 / / / / low
中国纺织报 / / / / low
中国电子报 / / / / low
人民邮电报 / / / / normal
人民铁道 / 人民铁道报 / / / normal
中国民航报 / / / / normal
中国水运报 / / / / low
中国航空报 / / / / low
中国航天报 / / / / low
中国船舶报 / / / / low
中国核工业报 / / / / low
中国黄金报 / / / / low
中国矿业报 / / / / low
中国建材报 / / / / low
中国汽车报 / / / / low
中国工业报 / / / / low
中国企业报 / / / / low
中国电力报 / / / / low
国家电网报 / / / / low
中国畜牧兽医报 / / / / low
期货日报 / / / / low
中国房地产报 / / / / low
# --- licensed news outlets with national reach ------------------------------
@severity=normal
澎湃新闻 / The Paper, 澎湃新闻网 / 澎湃 / 上海 / normal
界面新闻 / 界面 / / 上海 / normal
第一财经 / 第一财经日报, Yicai / 一财 / 上海 / normal
一财网 / / / 上海 / low / brand
财新 / 财新传媒, Caixin / / / normal
财新网 / / / / normal / brand
财新周刊 / 新世纪周刊 / / / normal
每日经济新闻 / / 每经 / 成都市 / normal
21世纪经济报道 / / / 广东 / normal
经济观察报 / / / / normal
中国经营报 / / / / normal
华夏时报 / / / / normal
时代周报 / / / / normal
南方周末 / / / 广东 / high
南方人物周刊 / / / 广东 / normal
三联生活周刊 / / / / normal
新周刊 / / / 广东 / low
南风窗 / / / 广州市 / normal
新京报 / The Beijing News / / 北京 / high
新京报贝壳财经 / 贝壳财经 / / 北京 / low / brand
红星新闻 / / / 成都市 / normal / brand
封面新闻 / / / 四川 / normal / brand
上游新闻 / / / 重庆 / normal / brand
极目新闻 / / / 湖北 / normal / brand
九派新闻 / / / 武汉市 / low / brand
大象新闻 / / / 河南 / normal / brand
顶端新闻 / / / 河南 / normal / brand
潮新闻 / / / 浙江 / normal / brand
天目新闻 / / / 浙江 / normal / brand
小时新闻 / / / 浙江 / low / brand,history
紫牛新闻 / / / 江苏 / normal / brand
交汇点 / 交汇点新闻 / / 江苏 / normal / brand,common_word
荔枝新闻 / / / 江苏 / normal / brand
齐鲁壹点 / / / 山东 / normal / brand
海报新闻 / / / 山东 / normal / brand
闪电新闻 / / / 山东 / normal / brand
南方+ / 南方plus / / 广东 / normal / brand
羊城派 / / / 广东 / normal / brand
读特 / / / 深圳市 / low / brand
壹深圳 / / / 深圳市 / low / brand
触电新闻 / / / 广东 / low / brand
看看新闻 / Knews, 看看新闻网 / / 上海 / normal / brand
上观新闻 / 上观 / / 上海 / normal / brand
凤凰卫视 / Phoenix TV / / 香港 / normal
# --- CCTV programmes -----------------------------------------------------------
@severity=normal
@flags=programme
新闻联播 / / / / high
焦点访谈 / / / / high
朝闻天下 / / / / normal
新闻30分 / / / / normal
晚间新闻 / / / / normal / programme,common_word
新闻直播间 / / / / normal
东方时空 / / / / normal
新闻1+1 / / / / normal
新闻调查 / / / / normal / programme,common_word
共同关注 / / / / normal / programme,common_word
24小时 / / / / low / programme,common_word
环球视线 / / / / normal
世界周刊 / / / / normal
新闻周刊 / / / / normal / programme,common_word
面对面 / / / / low / programme,common_word
国际时讯 / / / / low
午夜新闻 / / / / low / programme,common_word
法治在线 / / / / normal
每周质量报告 / / / / normal
新闻袋袋裤 / / / / low
鲁健访谈 / / / / low
天气预报 / / / / low / programme,common_word
今日关注 / / / / normal / programme,common_word
海峡两岸 / / / / normal / programme,common_word
中国新闻 / / / / normal / programme,common_word
今日亚洲 / / / / low
深度国际 / / / / low
远方的家 / / / / low
国宝档案 / / / / low
中华医药 / / / / low / programme,common_word
中国文艺 / / / / low / programme,common_word
华人世界 / / / / low / programme,common_word
走遍中国 / / / / low / programme,common_word
记住乡愁 / / / / low / programme,common_word
经济半小时 / / / / normal
经济信息联播 / / / / normal
第一时间 / / / / low / programme,common_word
正点财经 / / / / low
交易时间 / / / / low / programme,common_word
对话 / / / / low / programme,common_word
是真的吗 / / / / low / programme,common_word
消费主张 / / / / low
生财有道 / / / / low / programme,common_word
回家吃饭 / / / / low / programme,common_word
央视财经评论 / / / / normal
中国经济大讲堂 / / / / low
创业英雄汇 / / / / low
星光大道 / / / / normal / programme,common_word
开门大吉 / / / / low / programme,common_word
越战越勇 / / / / low
我要上春晚 / / / / low
向幸福出发 / / / / low
黄金100秒 / / / / low
非常6+1 / / / / low
幸运52 / / / / low / programme,history
开心辞典 / / / / low / programme,history
正大综艺 / / / / low
艺术人生 / / / / low / programme,common_word
等着我 / / / / normal / programme,common_word
挑战不可能 / / / / low
中国诗词大会 / / / / normal
朗读者 / / / / low / programme,common_word
经典咏流传 / / / / low
国家宝藏 / / / / low / programme,common_word
典籍里的中国 / / / / low
故事里的中国 / / / / low
中国地名大会 / / / / low
中国考古大会 / / / / low
开学第一课 / / / / normal / programme,common_word
中央广播电视总台春节联欢晚会 / 中央电视台春节联欢晚会, 央视春晚 / 春晚 / / normal
感动中国 / 感动中国年度人物评选 / / / normal / programme,common_word
体育新闻 / / / / low / programme,common_word
天下足球 / / / / low
足球之夜 / / / / low
篮球公园 / / / / low
体坛快讯 / / / / low
中国电影报道 / / / / low
佳片有约 / / / / low
今日影评 / / / / low
军事报道 / / / / normal
国防军事早报 / / / / normal
防务新观察 / / / / normal
军事纪实 / / / / low
谁是终极英雄 / / / / low
正午国防军事 / / / / low
军事科技 / / / / low / programme,common_word
兵器解密 / / / / low
百家讲坛 / / / / normal
探索·发现 / 探索发现 / / / low / programme,common_word
走近科学 / / / / low
地理·中国 / 地理中国 / / / low
自然传奇 / / / / low
人物 / / / / low / programme,common_word
健康之路 / / / / low
动物世界 / / / / low / programme,common_word
人与自然 / / / / low / programme,common_word
舌尖上的中国 / / / / low
航拍中国 / / / / low
如果国宝会说话 / / / / low
我在故宫修文物 / / / / low
今日说法 / / / / normal
法律讲堂 / / / / low
天网 / / / / low / programme,common_word
一线 / / / / low / programme,common_word
道德观察 / / / / low
热线12 / / / / low
普法栏目剧 / / / / low
夜线 / / / / low
方圆剧阵 / / / / low
大风车 / / / / low / programme,common_word
智慧树 / / / / low / programme,common_word
七巧板 / / / / low / programme,common_word
芝麻开门 / / / / low / programme,common_word
英雄出少年 / / / / low
民歌·中国 / 民歌中国 / / / low
精彩音乐汇 / / / / low
影视留声机 / / / / low
致富经 / / / / low
每日农经 / / / / low
乡村大世界 / / / / low
谁知盘中餐 / / / / low / programme,common_word
空中剧院 / / / / low
九州大戏台 / / / / low
角儿来了 / / / / low
梨园闯关我挂帅 / / / / low
新闻和报纸摘要 / / / / normal
全国新闻联播 / / / / normal
新闻纵横 / / / / normal
小喇叭 / / / / low / programme,common_word
# --- channels and frequencies -------------------------------------------------
@flags=channel
@severity=normal
中央广播电视总台综合频道 / CCTV-1, CCTV1, 中央电视台综合频道, 央视综合频道 / 央视综合 / / high
中央广播电视总台财经频道 / CCTV-2, CCTV2, 中央电视台财经频道, 央视财经频道, 中央电视台经济频道 / 央视二套 / / normal
中央广播电视总台综艺频道 / CCTV-3, CCTV3, 中央电视台综艺频道, 央视综艺频道 / 央视三套 / / normal
中央广播电视总台中文国际频道 / CCTV-4, CCTV4, 中央电视台中文国际频道, 央视中文国际频道 / 央视四套 / / normal
中央广播电视总台中文国际频道（欧洲） / CCTV-4欧洲, CCTV-4 Europe / / / low
中央广播电视总台中文国际频道（美洲） / CCTV-4美洲, CCTV-4 America / / / low
中央广播电视总台体育频道 / CCTV-5, CCTV5, 中央电视台体育频道, 央视体育频道 / 央视五套 / / normal
中央广播电视总台体育赛事频道 / CCTV-5+, CCTV5+, 央视体育赛事频道 / / / normal
中央广播电视总台电影频道 / CCTV-6, CCTV6, 中央电视台电影频道, 央视电影频道, 电影频道 / 央视六套 / / normal
中央广播电视总台国防军事频道 / CCTV-7, CCTV7, 中央电视台国防军事频道, 央视国防军事频道 / 央视七套 / / high
中央广播电视总台电视剧频道 / CCTV-8, CCTV8, 中央电视台电视剧频道, 央视电视剧频道 / 央视八套 / / normal
中央广播电视总台纪录频道 / CCTV-9, CCTV9, 中央电视台纪录频道, 央视纪录频道 / 央视九套 / / normal
中央广播电视总台科教频道 / CCTV-10, CCTV10, 中央电视台科教频道, 央视科教频道 / 央视十套 / / normal
中央广播电视总台戏曲频道 / CCTV-11, CCTV11, 中央电视台戏曲频道, 央视戏曲频道 / 央视十一套 / / normal
中央广播电视总台社会与法频道 / CCTV-12, CCTV12, 中央电视台社会与法频道, 央视社会与法频道 / 央视十二套 / / normal
中央广播电视总台新闻频道 / CCTV-13, CCTV13, 中央电视台新闻频道, 央视新闻频道 / / / high
中央广播电视总台少儿频道 / CCTV-14, CCTV14, 中央电视台少儿频道, 央视少儿频道 / 央视少儿 / / normal
中央广播电视总台音乐频道 / CCTV-15, CCTV15, 中央电视台音乐频道, 央视音乐频道 / / / normal
中央广播电视总台奥林匹克频道 / CCTV-16, CCTV16, 央视奥林匹克频道 / / / normal
中央广播电视总台农业农村频道 / CCTV-17, CCTV17, 央视农业农村频道 / / / normal
中央广播电视总台4K超高清频道 / CCTV-4K, CCTV 4K / / / low
中央广播电视总台8K超高清频道 / CCTV-8K, CCTV 8K / / / low
CGTN纪录频道 / CGTN Documentary / / / low
CGTN西班牙语频道 / CGTN Español / / / low
CGTN法语频道 / CGTN Français / / / low
CGTN阿拉伯语频道 / CGTN Arabic / / / low
CGTN俄语频道 / CGTN Russian / / / low
CCTV风云剧场 / 风云剧场 / / / low
CCTV风云音乐 / 风云音乐 / / / low
CCTV风云足球 / 风云足球 / / / low
CCTV第一剧场 / 第一剧场 / / / low
CCTV怀旧剧场 / 怀旧剧场 / / / low
CCTV世界地理 / 世界地理频道 / / / low
CCTV兵器科技 / 兵器科技频道 / / / low
CCTV女性时尚 / 女性时尚频道 / / / low
CCTV央视台球 / 央视台球 / / / low
CCTV高尔夫网球 / 高尔夫·网球 / / / low
CCTV央视文化精品 / 央视文化精品 / / / low
CCTV电视指南 / 电视指南频道 / / / low
中国教育电视台一套 / CETV-1, CETV1 / / / low
中国教育电视台二套 / CETV-2, CETV2 / / / low
中国教育电视台四套 / CETV-4, CETV4 / / / low
中国之声 / Voice of China, 中央人民广播电台中国之声 / / / high
经济之声 / 中央人民广播电台经济之声 / / / normal
音乐之声 / 中央人民广播电台音乐之声 / / / low / channel,common_word
经典音乐广播 / / / / low
台海之声 / 中华之声 / / / normal
神州之声 / / / / low
华夏之声 / / / / low
民族之声 / / / / low
文艺之声 / / / / low
老年之声 / / / / low
中国交通广播 / / / / normal
中国乡村之声 / / / / low
大湾区之声 / / / / low
藏语广播 / 中央人民广播电台藏语广播 / / / low
维吾尔语广播 / 中央人民广播电台维吾尔语广播 / / / low
哈萨克语广播 / 中央人民广播电台哈萨克语广播 / / / low
# --- provincial-level units (party paper, broadcaster, satellite TV, apps) ----
@flags=
@severity=normal
@region=北京
北京日报 / 北京日报社 / / / high
北京日报客户端 / / / / normal / brand
京报网 / / / / low / brand
北京晚报 / / / / normal
北京青年报 / / 北青报 / / normal
北京商报 / / / / normal
北京晨报 / / / / low / history
法制晚报 / / / / low / history
北京广播电视台 / 北京电视台, 北京人民广播电台, BRTV / 北京台 / / high
北京卫视 / / / / normal / channel
北京新闻广播 / / / / low / channel
北京交通广播 / / / / low / channel
千龙网 / 千龙新闻网 / / / normal / brand
宣讲家网 / / / / low / brand
@region=天津
天津日报 / / / / high
今晚报 / / / / normal
每日新报 / / / / normal
城市快报 / / / / low / history
滨海时报 / / / / low
天津广播电视台 / 天津电视台, 天津人民广播电台 / / / high
天津卫视 / / / / normal / channel
北方网 / / / / normal / brand
津云 / / / / normal / brand
@region=河北
河北日报 / / / / high
燕赵都市报 / / / / normal
燕赵晚报 / / / / normal
河北青年报 / / / / low
河北法制报 / / / / low
河北广播电视台 / 河北电视台, 河北人民广播电台 / / / high
河北卫视 / / / / normal / channel
长城网 / / / / normal / brand
河北新闻网 / / / / normal / brand
冀云 / / / / low / brand
@region=山西
山西日报 / / / / high
山西晚报 / / / / normal
三晋都市报 / / / / normal
山西经济日报 / / / / low
山西农民报 / / / / low
山西广播电视台 / 山西电视台, 山西人民广播电台 / / / high
山西卫视 / / / / normal / channel
黄河新闻网 / / / / normal / brand
山西新闻网 / / / / normal / brand
@region=内蒙古
内蒙古日报 / / / / high
北方新报 / / / / normal
内蒙古晨报 / / / / low
内蒙古广播电视台 / 内蒙古电视台, 内蒙古人民广播电台 / / / high
内蒙古卫视 / / / / normal / channel
正北方网 / / / / normal / brand
内蒙古新闻网 / / / / normal / brand
草原云 / / / / low / brand
@region=辽宁
辽宁日报 / / / / high
辽沈晚报 / / / / normal
半岛晨报 / / / 大连市 / normal
华商晨报 / / / / low / history
北斗融媒 / / / / low / brand
辽宁广播电视台 / 辽宁电视台, 辽宁人民广播电台 / / / high
辽宁卫视 / / / / normal / channel
北国网 / / / / normal / brand
东北新闻网 / / / / normal / brand
@region=吉林
吉林日报 / / / / high
城市晚报 / / / / normal
新文化报 / / / / normal
东亚经贸新闻 / / / / low
彩练新闻 / / / / low / brand
吉林广播电视台 / 吉林电视台, 吉林人民广播电台 / / / high
吉林卫视 / / / / normal / channel
中国吉林网 / / / / normal / brand
延边卫视 / / / 延边 / low / channel
@region=黑龙江
黑龙江日报 / / / / high
生活报 / / / / normal
新晚报 / / / 哈尔滨市 / normal
黑龙江晨报 / / / / low
极光新闻 / / / / low / brand
黑龙江广播电视台 / 黑龙江电视台, 黑龙江人民广播电台 / / / high
黑龙江卫视 / / / / normal / channel
东北网 / / / / normal / brand
@region=上海
解放日报 / / / / high
文汇报 / / / / high
新民晚报 / / / / high
新民网 / / / / low / brand
东方网 / / / / normal / brand
上海日报 / Shanghai Daily / / / normal
劳动报 / / / / low
青年报 / / / / low
上海法治报 / 上海法制报 / / / low
新闻晨报 / / / / low / history
东方早报 / / / / low / history
上海广播电视台 / 上海电视台, 东方电视台, 上海人民广播电台, 东方广播电台, SMG / / / high
东方卫视 / Dragon TV / / / high / channel
东方广播中心 / / / / low
新闻坊 / / / / low / programme
@region=江苏
新华日报 / / / / high
扬子晚报 / / / / high
现代快报 / / / / normal
江南时报 / / / / low
江苏法制报 / / / / low
金陵晚报 / / / 南京市 / normal
江苏省广播电视总台 / 江苏广播电视总台, 江苏电视台, 江苏人民广播电台, JSBC / 江苏广电 / / high
江苏卫视 / / / / high / channel
江苏新闻广播 / / / / low / channel
南京零距离 / / / / low / programme
中国江苏网 / / / / normal / brand
新华报业网 / / / / low / brand
@region=浙江
浙江日报 / / / / high
钱江晚报 / / / / high
都市快报 / / / 杭州市 / normal
青年时报 / / / / low
今日早报 / / / / low / history
浙江法制报 / / / / low
美术报 / / / / low
浙江在线 / / / / normal / brand
浙江广播电视集团 / 浙江电视台, 浙江人民广播电台 / 浙江广电 / / high
浙江卫视 / Zhejiang TV / / / high / channel
浙江之声 / / / / low / channel
中国蓝新闻 / / / / low / brand
新蓝网 / / / / low / brand
1818黄金眼 / / / / low / programme
@region=安徽
安徽日报 / / / / high
新安晚报 / / / / normal
市场星报 / / / / low
安徽商报 / / / / low
江淮晨报 / / / 合肥市 / low
中安在线 / 中国安徽在线 / / / normal / brand
大皖新闻 / / / / low / brand
安徽广播电视台 / 安徽电视台, 安徽人民广播电台 / / / high
安徽卫视 / / / / normal / channel
@region=福建
福建日报 / / / / high
海峡都市报 / / / / normal
东南快报 / / / / normal
海峡导报 / / / 厦门市 / normal
海西晨报 / / / 厦门市 / low
东南网 / 东南新闻网 / / / normal / brand
新福建 / / / / low / brand
福建省广播影视集团 / 福建电视台, 福建人民广播电台 / 福建广电 / / high
东南卫视 / / / / normal / channel
海峡卫视 / / / / normal / channel
@region=江西
江西日报 / / / / high
江南都市报 / / / / normal
信息日报 / / / / low
中国江西网 / 大江网 / / / normal / brand
今视频 / / / / low / brand
今视网 / / / / low / brand
江西广播电视台 / 江西电视台, 江西人民广播电台 / / / high
江西卫视 / / / / normal / channel
@region=山东
大众日报 / / / / high
齐鲁晚报 / / / / high
生活日报 / / / / normal
半岛都市报 / / / 青岛市 / normal
农村大众 / / / / low
山东商报 / / / / low / history
大众网 / / / / normal / brand
齐鲁网 / / / / normal / brand
鲁网 / / / / low / brand
胶东在线 / / / 烟台市 / low / brand
中国山东网 / / / / low / brand
山东广播电视台 / 山东电视台, 山东人民广播电台 / / / high
山东卫视 / / / / normal / channel
山东教育卫视 / / / / low / channel
@region=河南
河南日报 / / / / high
河南日报农村版 / / / / low
大河报 / / / / normal
河南商报 / / / / low
河南法制报 / / / / low
东方今报 / / / / low / history
大河网 / / / / normal / brand
映象网 / / / / low / brand
河南广播电视台 / 河南电视台, 河南人民广播电台 / / / high
河南卫视 / / / / normal / channel
@region=湖北
湖北日报 / / / / high
楚天都市报 / / / / normal
长江日报 / / / 武汉市 / normal
长江网 / / / 武汉市 / low / brand
长江商报 / / / 武汉市 / low
荆楚网 / / / / normal / brand
长江云 / / / / low / brand
湖北广播电视台 / 湖北电视台, 湖北人民广播电台 / / / high
湖北卫视 / / / / normal / channel
湖北之声 / / / / low / channel
@region=湖南
湖南日报 / / / / high
三湘都市报 / / / / normal
潇湘晨报 / / / / normal
湘声报 / / / / low
今日女报 / / / / low
红网 / / / / normal / brand
新湖南 / / / / normal / brand
华声在线 / / / / low / brand
湖南广播电视台 / 湖南电视台, 湖南人民广播电台 / 湖南广电 / / high
湖南卫视 / Hunan TV, 芒果台 / / / high / channel
芒果TV / / / / normal / brand
金鹰卡通 / / / / low / channel
金鹰网 / / / / low / brand
@region=广东
南方日报 / / / / high
南方都市报 / / 南都 / / high
南方农村报 / / / / low
南方网 / 南方新闻网 / / / normal / brand
羊城晚报 / / / / high
金羊网 / / / / normal / brand
新快报 / / / 广州市 / normal
信息时报 / / / 广州市 / low
广州日报 / / / 广州市 / normal
大洋网 / / / 广州市 / low / brand
深圳特区报 / / / 深圳市 / normal
深圳商报 / / / 深圳市 / normal
深圳晚报 / / / 深圳市 / low
晶报 / / / 深圳市 / low
深圳新闻网 / / / 深圳市 / low / brand
广东广播电视台 / 广东电视台, 广东人民广播电台 / 广东台 / / high
广东卫视 / / / / normal / channel
大湾区卫视 / 南方卫视 / / / normal / channel
深圳广播电影电视集团 / 深圳电视台, 深圳人民广播电台 / 深圳广电 / 深圳市 / normal
深圳卫视 / / / 深圳市 / normal / channel
@region=广西
广西日报 / / / / high
南国早报 / / / / normal
当代生活报 / / / / low
北部湾晨报 / / / 南宁市 / low
广西广播电视台 / 广西电视台, 广西人民广播电台 / / / high
广西卫视 / / / / normal / channel
广西新闻网 / / / / normal / brand
广西云 / / / / low / brand
@region=海南
海南日报 / / / / high
南国都市报 / / / / normal
海南特区报 / / / / low
国际旅游岛商报 / / / / low
南海网 / 海南新闻网 / / / normal / brand
新海南 / / / / low / brand
海南广播电视总台 / 海南广播电视台, 海南电视台 / / / high
海南卫视 / 旅游卫视 / / / normal / channel
三沙卫视 / / / / low / channel
@region=重庆
重庆日报 / / / / high
重庆晨报 / / / / normal
重庆晚报 / / / / normal
重庆商报 / / / / low
华龙网 / / / / normal / brand
新重庆 / / / / low / brand
重庆广播电视集团 / 重庆广电集团, 重庆电视台, 重庆人民广播电台 / / / high
重庆卫视 / / / / normal / channel
第1眼TV / / / / low / brand
视界网 / / / / low / brand
三峡都市报 / / / 万州区 / low
@region=四川
四川日报 / / / / high
华西都市报 / / / / normal
川观新闻 / / / / normal / brand
四川在线 / / / / low / brand
四川新闻网 / / / / normal / brand
成都商报 / / / 成都市 / normal
天府早报 / / / 成都市 / low / history
四川广播电视台 / 四川电视台, 四川人民广播电台 / / / high
四川卫视 / / / / normal / channel
四川观察 / / / / normal / brand
康巴卫视 / / / / low / channel
@region=贵州
贵州日报 / / / / high
贵州都市报 / / / / normal
天眼新闻 / / / / low / brand
多彩贵州网 / 金黔在线 / / / normal / brand
贵州广播电视台 / 贵州电视台, 贵州人民广播电台 / / / high
贵州卫视 / / / / normal / channel
@region=云南
云南日报 / / / / high
春城晚报 / / / / normal
都市时报 / / / / low
云南信息报 / / / / low
云南网 / / / / normal / brand
云南广播电视台 / 云南电视台, 云南人民广播电台 / / / high
云南卫视 / / / / normal / channel
@region=西藏
西藏日报 / / / / high
西藏商报 / / / / low
中国西藏新闻网 / / / / normal / brand
西藏广播电视台 / 西藏电视台, 西藏人民广播电台 / / / high
西藏卫视 / / / / normal / channel
@region=陕西
陕西日报 / / / / high
华商报 / / / / normal
三秦都市报 / / / / normal
西部网 / / / / normal / brand
华商网 / / / / low / brand
陕西传媒网 / / / / low / brand
群众新闻 / / / / low / brand
陕西广播电视台 / 陕西电视台, 陕西人民广播电台 / / / high
陕西卫视 / / / / normal / channel
农林卫视 / / / / low / channel
@region=甘肃
甘肃日报 / / / / high
兰州晨报 / / / 兰州市 / low
西部商报 / / / / low
每日甘肃网 / / / / normal / brand
中国甘肃网 / / / / low / brand
新甘肃 / / / / low / brand
甘肃广播电视总台 / 甘肃广播电影电视总台, 甘肃电视台 / / / high
甘肃卫视 / / / / normal / channel
@region=青海
青海日报 / / / / high
西海都市报 / / / / normal
青海新闻网 / / / / normal / brand
青海广播电视台 / 青海电视台, 青海人民广播电台 / / / high
青海卫视 / / / / normal / channel
安多卫视 / / / / low / channel
@region=宁夏
宁夏日报 / / / / high
新消息报 / / / / normal
华兴时报 / / / / low
宁夏新闻网 / / / / normal / brand
宁夏广播电视台 / 宁夏广播电视总台, 宁夏电视台 / / / high
宁夏卫视 / / / / normal / channel
@region=新疆
新疆日报 / / / / high
天山网 / / / / normal / brand
石榴云 / / / / low / brand
新疆广播电视台 / 新疆电视台, 新疆人民广播电台 / / / high
新疆卫视 / / / / normal / channel
兵团日报 / / / / normal
兵团广播电视台 / / / / normal
兵团卫视 / / / / low / channel
@region=香港
大公报 / Ta Kung Pao / / / normal
香港文汇报 / Wen Wei Po / / / normal
香港商报 / / / / low
点新闻 / / / / low / brand
橙新闻 / / / / low / brand
香港电台 / RTHK / / / normal
@region=澳门
澳门日报 / / / / normal
澳门广播电视股份有限公司 / 澳广视, TDM / / / normal
# --- further satellite, children's and named provincial channels and programmes
@severity=low
厦门卫视 / / / 厦门市 / low / channel
卡酷少儿 / 卡酷少儿卫视, 北京卡酷少儿 / / 北京 / low / channel
嘉佳卡通 / 嘉佳卡通卫视 / / 广东 / low / channel
优漫卡通 / 优漫卡通卫视 / / 江苏 / low / channel
哈哈炫动 / 哈哈炫动卫视 / / 上海 / low / channel
黄河卫视 / 山西黄河卫视 / / 山西 / low / channel
西藏卫视藏语频道 / 西藏藏语卫视 / / 西藏 / low / channel
内蒙古卫视蒙古语频道 / 内蒙古蒙古语卫视 / / 内蒙古 / low / channel
湖南经视 / 湖南经济电视 / / 湖南 / low / channel
湖南都市 / 湖南都市频道 / / 湖南 / low / channel
湖北经视 / / / 湖北 / low / channel
珠江频道 / 广东珠江频道 / / 广东 / low / channel
齐鲁频道 / 山东齐鲁频道 / / 山东 / low / channel
钱江都市频道 / 浙江钱江都市频道 / / 浙江 / low / channel
浙江民生休闲频道 / / / 浙江 / low / channel
江苏城市频道 / / / 江苏 / low / channel
第一财经频道 / / / 上海 / low / channel
小强热线 / / / 浙江 / low / programme
经视直播 / / / 湖北 / low / programme
帮女郎 / / / 湖南 / low / programme
越策越开心 / / / 湖南 / low / programme
新闻大求真 / / / 湖南 / low / programme
DV现场 / / / 广东 / low / programme
第一现场 / / / 深圳市 / low / programme,common_word
阿六头说新闻 / / / 杭州市 / low / programme
# --- named city papers (names that are not region + 日报/晚报) ---------------
@region=
@severity=low
牛城晚报 / / / 邢台市 / low
千山晚报 / / / 鞍山市 / low
鹤城晚报 / / / 齐齐哈尔市 / low
浔阳晚报 / / / 九江市 / low
彭城晚报 / / / 徐州市 / low
京江晚报 / / / 镇江市 / low
江海晚报 / / / 南通市 / low
江南晚报 / / / 无锡市 / low
盐阜大众报 / / / 盐城市 / low
牡丹晚报 / / / 菏泽市 / low
沂蒙晚报 / / / 临沂市 / low
鲁中晨报 / / / 淄博市 / low
汴梁晚报 / / / 开封市 / low
闽南日报 / / / 漳州市 / low
闽北日报 / / / 南平市 / low
闽东日报 / / / 宁德市 / low
闽西日报 / / / 龙岩市 / low
湄洲日报 / / / 莆田市 / low
赣南日报 / / / 赣州市 / low
西江日报 / / / 肇庆市 / low
东江时报 / / / 惠州市 / low
珠江时报 / / / 佛山市 / low
左江日报 / / / 崇左市 / low
右江日报 / / / 百色市 / low
三峡日报 / / / 宜昌市 / low
太行日报 / / / 晋城市 / low
上党晚报 / / / 长治市 / low
德宏团结报 / / / 德宏 / low
姑苏晚报 / / / 苏州市 / low
现代金报 / / / 宁波市 / low
东南商报 / / / 宁波市 / low
温州都市报 / / / 温州市 / low
新商报 / / / 大连市 / low
青岛早报 / / / 青岛市 / low
深圳都市报 / / / 深圳市 / low / history
羊城地铁报 / / / 广州市 / low
珠海特区报 / / / 珠海市 / low
汕头特区晚报 / / / 汕头市 / low
# --- more CCTV / CMG programmes ------------------------------------------------
@region=
@severity=low
@flags=programme
生活圈 / / / / low / programme,common_word
生活提示 / / / / low / programme,common_word
开讲啦 / / / / low
出彩中国人 / / / / low
机智过人 / / / / low / programme,common_word
加油向未来 / / / / low
综艺盛典 / / / / low
回声嘹亮 / / / / low
中国文艺报道 / / / / low
文化十分 / / / / low
叮咯咙咚呛 / / / / low
我的艺术清单 / / / / low
中国好歌曲 / / / / low
舞蹈世界 / / / / low / programme,common_word
职场健康课 / / / / low
遇见大咖 / / / / low
一槌定音 / / / / low / programme,common_word
购物街 / / / / low / programme,common_word
魅力中国城 / / / / low
环球财经连线 / / / / low
天下财经 / / / / low
中国财经报道 / / / / low
中国缘 / / / / low
传奇中国节 / / / / low
城市1对1 / / / / low
中国舆论场 / / / / low
外国人在中国 / / / / low
味道 / / / / low / programme,common_word
冠军欧洲 / / / / low
全明星猜想 / / / / low
棋牌乐 / / / / low
体育人间 / / / / low
健身动起来 / / / / low
光影星播客 / / / / low
流金岁月 / / / / low / programme,common_word
砺剑 / / / / low
国防故事 / / / / low
讲武堂 / / / / low
军迷行天下 / / / / low
老兵你好 / / / / low
河西走廊 / / / / low / programme,common_word
大国工匠 / / / / low / programme,common_word
超级工程 / / / / low / programme,common_word
大国崛起 / / / / low / programme,common_word
再说长江 / / / / low
读书 / / / / low / programme,common_word
考古公开课 / / / / low
原来如此 / / / / low / programme,common_word
大家 / / / / low / programme,common_word
科技之光 / / / / low
时尚科技秀 / / / / low
我爱发明 / / / / low
跟着书本去旅行 / / / / low
讲述 / / / / low / programme,common_word
第10放映室 / / / / low
见证 / / / / low / programme,common_word
文明之旅 / / / / low
解码科技史 / / / / low
名段欣赏 / / / / low
跟我学 / / / / low / programme,common_word
戏曲采风 / / / / low
青春戏苑 / / / / low
心理访谈 / / / / low
庭审现场 / / / / low
忏悔录 / / / / low / programme,common_word
法治深壹度 / / / / low
新闻会客厅 / / / / low / programme,history
小小智慧树 / / / / low
动画大放映 / / / / low
第一动画乐园 / / / / low
银河剧场 / / / / low
快乐体验 / / / / low / programme,common_word
大手牵小手 / / / / low / programme,common_word
音乐快递 / / / / low
异想天开 / / / / low / programme,common_word
动漫世界 / / / / low / programme,common_word
童声唱 / / / / low
全球中文音乐榜上榜 / / / / low
音乐人生 / / / / low / programme,common_word
合唱先锋 / / / / low
中国节拍 / / / / low
音乐公开课 / / / / low
田间示范秀 / / / / low
三农群英汇 / / / / low
山水间的家 / / / / low
攻坚日记 / / / / low
聚焦三农 / / / / low
大地讲堂 / / / / low
乡理乡亲 / / / / low
中央广播电视总台元宵晚会 / 央视元宵晚会 / / / low
中央广播电视总台中秋晚会 / 央视中秋晚会 / / / low
中央广播电视总台网络春晚 / 央视网络春晚 / 网络春晚 / / low
中央广播电视总台主持人大赛 / 央视主持人大赛 / / / low
CGTN America / CGTN美洲 / / / low / channel
CGTN Africa / CGTN非洲 / / / low / channel
CGTN Europe / CGTN欧洲 / / / low / channel
# --- national periodicals of party, state and professional bodies ------------
@flags=
时事报告 / / / / normal
中国民政 / / / / low
中国财政 / / / / low
中国税务 / 中国税务杂志 / / / low
中国金融 / 中国金融杂志 / / / low / common_word
中国审计 / / / / low
中国统计 / / / / low
中国人力资源社会保障 / / / / low
中国卫生 / / / / low
中国应急管理 / / / / low
中国国情国力 / / / / low
中国发展观察 / / / / low
中国改革 / 中国改革杂志 / / / low
新闻与写作 / / / / low
青年记者 / / / / low
中国电视报 / / / / low
大众电影 / / / / low
作家文摘 / / / / low
文汇读书周报 / / / / low
音乐周报 / / / / low
中国集邮报 / / / / low
中国花卉报 / / / / low
中国医学论坛报 / / / / low
足球报 / / / 广州市 / low
体坛周报 / / / 长沙市 / low
电脑报 / / / 重庆 / low
英语周报 / / / 山西 / low
中国交通新闻网 / / / / low / brand
中国质量新闻网 / / / / low / brand
中国普法网 / / / / normal / brand
中国禁毒网 / / / / normal / brand
中国反邪教网 / / / / normal / brand
中国警方在线 / / / / normal / brand
中国新闻出版广电网 / / / / low / brand
中国记协网 / / / / low / brand
每日商报 / / / 杭州市 / low
济南时报 / / / 济南市 / low
青岛财经日报 / / / 青岛市 / low
大江晚报 / / / 芜湖市 / low
黄山晨刊 / / / 黄山市 / low
淮河早报 / / / 淮南市 / low
拂晓报 / / / 宿州市 / low
颍州晚报 / / / 阜阳市 / low
东南早报 / / / 泉州市 / low
淮海晚报 / / / 淮安市 / low
淮海商报 / / / 淮安市 / low
大众证券报 / / / 南京市 / low
南湖晚报 / / / 嘉兴市 / low
南国今报 / / / 柳州市 / low
三峡晚报 / / / 宜昌市 / low
鲁南商报 / / / 临沂市 / low
新法制报 / / / 江西 / low
劳动午报 / / / 北京 / low
北京科技报 / / / 北京 / low
现代教育报 / / / 北京 / low
晚霞报 / / / 四川 / low
四川农村日报 / / / 四川 / low
四川法治报 / 四川法制报 / / 四川 / low
四川经济日报 / / / 四川 / low
西南商报 / / / 成都市 / low
都市消费晨报 / / / 新疆 / low
中国煤炭网 / / / / low / brand
理论中国网 / / / / low / brand
# --- further central units: film studio, weather channel, commentary brands, sites
@region=
@flags=
@severity=normal
中央新影发现之旅频道 / 发现之旅频道, CCTV发现之旅 / / / low / channel
中央新影老故事频道 / 老故事频道, CCTV老故事 / / / low / channel
中央新影中学生频道 / CCTV中学生 / / / low / channel
中国气象频道 / / / / low / channel
人民号 / / / / low / brand,common_word
人民网评 / / / / low / brand
瞭望智库 / / / / low / brand
补壹刀 / / / / low / brand
国际锐评 / / / / low / brand
央视快评 / / / / low / brand
中国文化传媒网 / / / / low / brand
中国旅游新闻网 / / / / low / brand
中国金融新闻网 / / / / low / brand
中国环境网 / / / / low / brand
中国科普网 / / / / low / brand
中国民族宗教网 / / / / low / brand
新华社亚太总分社 / / / / low / brand
新华社亚欧总分社 / / / / low / brand
新华社欧洲总分社 / / / / low / brand
新华社中东总分社 / / / / low / brand
新华社非洲总分社 / / / / low / brand
新华社拉美总分社 / / / / low / brand
新华社北美总分社 / / / / low / brand
# --- news magazines and national periodicals ------------------------------------
新民周刊 / / / 上海 / normal
看天下 / Vista看天下 / / / low / common_word
凤凰周刊 / / / 香港 / low
财经天下周刊 / / / / low
中国企业家 / 中国企业家杂志 / / / low / common_word
财经网 / / / / low / brand,common_word
南都周刊 / / / 广东 / low / history
小康 / 小康杂志 / / / low / common_word
新华文摘 / / / / low
新华月报 / / / / low
民主与法制 / 民主与法制杂志 / / / low
民主与法制时报 / / / / low
人民代表报 / / / / low
中国统一战线 / / / / low
中国宗教 / / / / low / common_word
中国民族 / 中国民族杂志 / / / low / common_word
中国西藏 / 中国西藏杂志 / / / low / common_word
中国党政干部论坛 / / / / low
党的文献 / / / / low
百年潮 / / / / low / common_word
中国审判 / / / / low
中华合作时报 / / / / low
中国城乡金融报 / / / / low
中国海洋石油报 / / / / low
中国邮政报 / / / / low
中国计算机报 / / / / low
计算机世界 / / / / low / common_word
中国电影报 / / / / low
中国报业 / / / / low / common_word
民族画报 / / / / low
中国文物报 / / / / low
中国档案报 / / / / low
中国知识产权报 / / / / low
中国红十字报 / / / / low
观察者网 / / / 上海 / low / brand
财联社 / 财联社电报 / / 上海 / low / brand
21财经 / / / 广东 / low / brand
# --- CNR programmes -----------------------------------------------------------
@flags=programme
新闻晚高峰 / / / / low
央广夜新闻 / / / / low
国防时空 / / / / low
神州夜航 / / / / low
千里共良宵 / / / / low / programme,common_word
# --- more CCTV / CMG programmes (current and former) ---------------------------
主播说联播 / / / / normal
东方之子 / / / / low / programme,common_word
实话实说 / / / / low / programme,common_word,history
综艺大观 / / / / low / programme,common_word,history
曲苑杂坛 / / / / low / programme,history
同一首歌 / / / / low / programme,common_word,history
欢乐中国行 / / / / low / programme,common_word,history
夕阳红 / / / / low / programme,common_word
半边天 / / / / low / programme,common_word
天天饮食 / / / / low / programme,common_word,history
交换空间 / / / / low / programme,common_word
今日观察 / / / / low / programme,common_word
全球资讯榜 / / / / low / programme,history
赢在中国 / / / / low / programme,common_word,history
中国经济生活大调查 / / / / low
经济与法 / / / / low / programme,common_word
社会记录 / / / / low / programme,history
高端访问 / / / / low
小崔说事 / / / / low / programme,history
今日环球 / / / / low
天涯共此时 / / / / low / programme,common_word
快乐汉语 / / / / low / programme,common_word
国家记忆 / / / / low / programme,common_word
中国成语大会 / / / / low
中国汉字听写大会 / / / / low
中国谜语大会 / / / / low
诗画中国 / / / / low / programme,common_word
梦想星搭档 / / / / low
动画城 / / / / low / programme,common_word,history
小神龙俱乐部 / / / / low / programme,history
七色光 / / / / low / programme,common_word
智力快车 / / / / low / programme,history
CCTV音乐厅 / / / / low
风华国乐 / / / / low / programme,common_word
快乐戏园 / / / / low / programme,common_word
世界战史 / / / / low / programme,common_word
军营的味道 / / / / low
农广天地 / / / / low
科技苑 / / / / low / programme,common_word
乡约 / / / / low / programme,common_word
人物·故事 / 人物故事 / / / low / programme,common_word
创新进行时 / / / / low / programme,common_word
子午书简 / / / / low
中国影像方志 / / / / low
生命线 / / / / low / programme,common_word
撒贝宁时间 / / / / low
NBA最前线 / / / / low
话说长江 / / / / low / programme,common_word
望长城 / / / / low / programme,common_word
# --- provincial and city programmes ------------------------------------------
北京您早 / / / 北京 / low
法治进行时 / / / 北京 / low
第7日 / / / 北京 / low
这里是北京 / / / 北京 / low / programme,common_word
我是演说家 / / / 北京 / low / programme,common_word,history
爱情保卫战 / / / 天津 / low / programme,common_word
非你莫属 / / / 天津 / low / programme,common_word
看东方 / / / 上海 / low / programme,common_word
东方夜新闻 / / / 上海 / low
新闻透视 / / / 上海 / low
新闻夜线 / / / 上海 / low
案件聚焦 / / / 上海 / low
极限挑战 / / / 上海 / low / programme,common_word
中国达人秀 / / / 上海 / low
梦想改造家 / / / 上海 / low / programme,common_word
这就是中国 / / / 上海 / low / programme,common_word
江苏新时空 / / / 江苏 / low
1860新闻眼 / / / 南京市 / low
非诚勿扰 / / / 江苏 / low / programme,common_word
最强大脑 / / / 江苏 / low / programme,common_word
一站到底 / / / 江苏 / low / programme,common_word
王牌对王牌 / / / 浙江 / low / programme,common_word
奔跑吧 / 奔跑吧兄弟 / / 浙江 / low / programme,common_word
中国梦想秀 / / / 浙江 / low
快乐大本营 / / / 湖南 / low
超级女声 / / / 湖南 / low / programme,history
我是歌手 / / / 湖南 / low / programme,common_word,history
向往的生活 / / / 湖南 / low / programme,common_word
爸爸去哪儿 / / / 湖南 / low / programme,common_word,history
变形计 / / / 湖南 / low / programme,common_word
梨园春 / / / 河南 / low / programme,common_word
武林风 / / / 河南 / low / programme,common_word
华豫之门 / / / 河南 / low
汉字英雄 / / / 河南 / low / programme,history
小莉帮忙 / / / 河南 / low
拉呱 / / / 山东 / low / programme,common_word
小溪办事 / / / 山东 / low
生活帮 / / / 山东 / low / programme,common_word
金牌调解 / / / 江西 / low / programme,common_word
传奇故事 / / / 江西 / low / programme,common_word
长江新闻号 / / / 湖北 / low
垄上行 / / / 湖北 / low / programme,common_word
超级演说家 / / / 安徽 / low / programme,common_word
财经郎眼 / / / 广东 / low
海峡新干线 / / / 福建 / low
锵锵三人行 / / / 香港 / low / programme,history
鲁豫有约 / / / 香港 / low
军情观察室 / / / 香港 / low
一虎一席谈 / / / 香港 / low / programme,history
时事开讲 / / / 香港 / low
# --- provincial and city channels and radio frequencies ----------------------
@flags=channel
北京音乐广播 / / / 北京 / low
北京文艺广播 / / / 北京 / low
北京体育广播 / / / 北京 / low
北京城市广播 / / / 北京 / low
天津新闻广播 / / / 天津 / low
天津交通广播 / / / 天津 / low
河北交通广播 / / / 河北 / low
上海新闻广播 / / / 上海 / low
上海交通广播 / / / 上海 / low
动感101 / / / 上海 / low
经典947 / / / 上海 / low
第一财经广播 / / / 上海 / low
五星体育 / 五星体育频道 / / 上海 / low / channel,common_word
上海新闻综合频道 / / / 上海 / low
上海纪实人文频道 / / / 上海 / low
七彩戏剧 / 七彩戏剧频道 / / 上海 / low
上海教育电视台 / / / 上海 / low
江苏交通广播网 / / / 江苏 / low
江苏综艺频道 / / / 江苏 / low
浙江交通之声 / / / 浙江 / low
浙江经视 / 浙江经济生活频道 / / 浙江 / low
浙江教育科技频道 / / / 浙江 / low
西湖明珠频道 / 杭州西湖明珠频道 / / 杭州市 / low
西湖之声 / / / 杭州市 / low
安徽交通广播 / / / 安徽 / low
安徽经视 / 安徽经济生活频道 / / 安徽 / low
河南交通广播 / / / 河南 / low
河南都市频道 / / / 河南 / low
河南民生频道 / / / 河南 / low
楚天交通广播 / / / 湖北 / low
楚天音乐广播 / / / 湖北 / low
湖南交通广播 / 湖南交通频道 / / 湖南 / low
广东新闻广播 / / / 广东 / low
广东珠江经济台 / 珠江经济台 / / 广东 / low
广东音乐之声 / / / 广东 / low
羊城交通广播 / / / 广东 / low
广东城市之声 / / / 广东 / low
广东新闻频道 / / / 广东 / low
广东体育频道 / / / 广东 / low
重庆之声 / / / 重庆 / low
重庆交通广播 / / / 重庆 / low
陕西交通广播 / / / 陕西 / low
山东交通广播 / / / 山东 / low
北部湾之声 / / / 广西 / low
澜湄国际卫视 / 云南澜湄国际卫视 / / 云南 / low
凤凰卫视中文台 / / / 香港 / low
凤凰卫视资讯台 / / / 香港 / low
凤凰卫视香港台 / / / 香港 / low
澳门电台 / / / 澳门 / low
澳亚卫视 / / / 澳门 / low
澳门莲花卫视 / / / 澳门 / low
# --- provincial and city papers, sites and apps -------------------------------
@flags=
北京时间 / BTIME / / 北京 / normal / brand,common_word
长安街知事 / / / 北京 / low / brand
北青网 / / / 北京 / low / brand
北青深一度 / / / 北京 / low / brand
新京报我们视频 / 我们视频 / / 北京 / low / brand,common_word
中老年时报 / / / 天津 / low
渤海早报 / / / 天津 / low / history
河北经济日报 / / / 河北 / low
河北农民报 / / / 河北 / low
唐山劳动日报 / / / 唐山市 / low
山西法制报 / / / 山西 / low
辽宁法制报 / / / 辽宁 / low
鸭绿江晚报 / / / 丹东市 / low
江城日报 / / / 吉林市 / low
黑龙江经济报 / / / 黑龙江 / low
新闻晚报 / / / 上海 / low / history
东方体育日报 / / / 上海 / low / history
南京晨报 / / / 南京市 / low / history
城市商报 / / / 苏州市 / low / common_word
浙江新闻 / 浙江新闻客户端 / / 浙江 / low / brand,history
中国蓝TV / / / 浙江 / low / brand
浙江老年报 / / / 浙江 / low
浙江工人日报 / / / 浙江 / low
安徽法制报 / / / 安徽 / low
安徽青年报 / / / 安徽 / low
台海网 / / / 厦门市 / low / brand
海峡网 / / / 福建 / low / brand,common_word
晋江经济报 / / / 晋江市 / low
青岛新闻网 / / / 青岛市 / low / brand
半岛网 / / / 青岛市 / low / brand,common_word
观海新闻 / / / 青岛市 / low / brand
水母网 / / / 烟台市 / low / brand
舜网 / / / 济南市 / low / brand
新黄河 / / / 济南市 / low / brand,common_word
黄三角早报 / / / 东营市 / low
大河财立方 / / / 河南 / low / brand
楚天金报 / / / 湖北 / low / history
南都N视频 / / / 广东 / low / brand
奥一网 / / / 广东 / low / brand
南方杂志 / / / 广东 / low
新花城 / / / 广州市 / low / brand
东莞时间网 / / / 东莞市 / low / brand
直新闻 / / / 深圳市 / low / brand
广西法治日报 / / / 广西 / low
重庆时报 / / / 重庆 / low / history
新女报 / / / 重庆 / low
锦观新闻 / / / 成都市 / low / brand
教育导报 / / / 四川 / low
贵州民族报 / / / 贵州 / low
云南法制报 / / / 云南 / low
开屏新闻 / / / 云南 / low / brand
陕西农村报 / / / 陕西 / low
甘肃经济日报 / / / 甘肃 / low
甘肃农民报 / / / 甘肃 / low
新疆经济报 / / / 新疆 / low
新疆法制报 / / / 新疆 / low
亚心网 / / / 新疆 / low / brand
大公网 / / / 香港 / low / brand,common_word
香港中国通讯社 / / 中通社 / 香港 / normal
# --- further programmes, channels, periodicals and sites ----------------------
@region=
@flags=programme
社会经纬 / / / / low / programme,history
周末喜相逢 / / / / low
综艺喜乐汇 / / / / low
挑战主持人 / / / / low / programme,history
财经夜读 / / / / low
见字如面 / / / 黑龙江 / low / programme,common_word
新闻夜航 / / / 黑龙江 / low
新北方 / / / 辽宁 / low / programme,common_word
守望都市 / / / 吉林 / low
都市现场 / / / 江西 / low
都市条形码 / / / 云南 / low
凤凰大视野 / / / 香港 / low
社会能见度 / / / 香港 / low
名人面对面 / / / 香港 / low
有报天天读 / / / 香港 / low / programme,history
文涛拍案 / / / 香港 / low
新闻今日谈 / / / 香港 / low
时事辩论会 / / / 香港 / low
@flags=channel
金鹰纪实 / 金鹰纪实卫视 / / 湖南 / low
北京纪实科教频道 / BRTV纪实科教 / / 北京 / low
@flags=
党建研究 / / / / low
财经国家周刊 / / / / low
人民周刊 / / / / low
青年参考 / / / / low
检察风云 / / / / low
中国产经新闻 / / / / low
中国高新技术产业导报 / / / / low
中国摄影报 / / / / low
中国家庭报 / / / / low
京郊日报 / / / 北京 / low
上海科技报 / / / 上海 / low
江苏经济报 / / / 江苏 / low
江苏工人报 / / / 江苏 / low
江苏教育报 / / / 江苏 / low
农村新报 / / / 湖北 / low
湖南工人报 / / / 湖南 / low
河南工人日报 / / / 河南 / low
海南农垦报 / / / 海南 / low
大公文汇传媒集团 / / / 香港 / low
@flags=brand
龙虎网 / / / 南京市 / low / brand,common_word
紫金山新闻 / / / 南京市 / low
中国宁波网 / / / 宁波市 / low
甬派 / / / 宁波市 / low
中国台州网 / / / 台州市 / low
星辰在线 / / / 长沙市 / low / brand,common_word
中原网 / / / 郑州市 / low / brand,common_word
@flags=
"""

# Provincial branches of the central news units: every province-level division
# hosts a 新华社 branch (分社), a 人民日报社 branch (分社), a 中央广播电视总台
# station (总站), a 中国新闻社 branch (分社) and a 人民网 / 新华网 regional
# channel (频道).
_PROVINCES = """
北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南
广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆
""".split()
_lines = ["@region=", "@flags=brand", "@severity=normal"]
for _p in _PROVINCES:
    _lines.append(f"新华社{_p}分社 / 新华通讯社{_p}分社 / / {_p} / normal / brand")
    _lines.append(f"人民日报社{_p}分社 / 人民日报{_p}分社 / / {_p} / normal / brand")
    _lines.append(f"中央广播电视总台{_p}总站 / / / {_p} / normal / brand")
    _lines.append(f"人民网{_p}频道 / / / {_p} / low / brand")
    _lines.append(f"新华网{_p}频道 / / / {_p} / low / brand")
    _lines.append(f"中国新闻社{_p}分社 / 中新社{_p}分社 / / {_p} / low / brand")
DATA = DATA + "\n".join(_lines) + "\n"