"""Hand-curated data for lexicons/entities/military.tsv (rebuilt by build_entities.py).

Format as in build_entities_gov.py.  Flag ``news_media`` marks military media
(they are listed here, category MILITARY, and count as media too); flag
``history`` marks names retired by the 2015-2016 and 2024 reforms that are
still used (and impersonated).
"""

PREFIX = "mil"
CATEGORY = "MILITARY"
FILE = "military.tsv"
SOURCE = "hand-curated from public knowledge (国防部 www.mod.gov.cn organisation pages, 2016 and 2024 reform announcements)"
SOURCE_DATE = "2026-09-01"

DATA = r"""
@severity=high
# --- Central Military Commission and its organs -----------------------------
中华人民共和国中央军事委员会 / 中国共产党中央军事委员会, 中央军事委员会, Central Military Commission / 中央军委, 军委 /  / high
中华人民共和国国防部 / 国防部, Ministry of National Defense / 国防部发言人 /  / high
国防部新闻局 / 国防部发布 /  /  / high
中央军委办公厅 /  / 军委办公厅 /  / high
中央军委联合参谋部 /  / 军委联合参谋部 /  / high
中央军委政治工作部 /  / 军委政治工作部 /  / high
中央军委后勤保障部 /  / 军委后勤保障部 /  / high
中央军委装备发展部 /  / 军委装备发展部 /  / high
中央军委训练管理部 /  / 军委训练管理部 /  / high
中央军委国防动员部 /  / 军委国防动员部 /  / high
中央军委纪律检查委员会 / 中央军委监察委员会 / 军委纪委, 军委纪委监委 /  / high
中央军委政法委员会 /  / 军委政法委 /  / high
中央军委科学技术委员会 /  / 军委科技委 /  / high
中央军委战略规划办公室 /  / 军委战略规划办公室 /  / high
中央军委改革和编制办公室 /  / 军委改革和编制办公室 /  / high
中央军委国际军事合作办公室 /  / 军委国际军事合作办公室 /  / high
中央军委审计署 /  / 军委审计署 /  / high
中央军委机关事务管理总局 /  / 军委机关事务管理总局 /  / high
中国人民解放军军事法院 /  / 军事法院 /  / high
中国人民解放军军事检察院 /  / 军事检察院 /  / high
# --- services and arms --------------------------------------------------------
中国人民解放军 / People's Liberation Army, PLA / 解放军, 人民解放军 /  / high
中国人民解放军陆军 / 解放军陆军, PLA Army / 陆军 /  / high / common_word
中国人民解放军海军 / 解放军海军, PLA Navy / 海军 /  / high / common_word
中国人民解放军空军 / 解放军空军, 人民空军, PLA Air Force / 空军 /  / high / common_word
中国人民解放军火箭军 / 解放军火箭军, PLA Rocket Force / 火箭军 /  / high
中国人民解放军军事航天部队 / 解放军军事航天部队 / 军事航天部队 /  / high
中国人民解放军网络空间部队 / 解放军网络空间部队 / 网络空间部队 /  / high
中国人民解放军信息支援部队 / 解放军信息支援部队 / 信息支援部队 /  / high
中国人民解放军联勤保障部队 / 解放军联勤保障部队 / 联勤保障部队 /  / high
中国人民解放军战略支援部队 / 解放军战略支援部队 / 战略支援部队 /  / high / history
中国人民解放军第二炮兵 / 第二炮兵 / 二炮 /  / normal / history
海军陆战队 / 中国人民解放军海军陆战队 /  /  / high
海军航空兵 / 中国人民解放军海军航空兵 /  /  / normal
空军空降兵军 / 中国人民解放军空军空降兵军, 空降兵 /  /  / high
陆军航空兵 /  /  /  / normal
# --- theatre commands --------------------------------------------------------
中国人民解放军东部战区 / 解放军东部战区 / 东部战区 /  / high
中国人民解放军南部战区 / 解放军南部战区 / 南部战区 /  / high
中国人民解放军西部战区 / 解放军西部战区 / 西部战区 /  / high
中国人民解放军北部战区 / 解放军北部战区 / 北部战区 /  / high
中国人民解放军中部战区 / 解放军中部战区 / 中部战区 /  / high
东部战区陆军 /  /  /  / high
南部战区陆军 /  /  /  / high
西部战区陆军 /  /  /  / high
北部战区陆军 /  /  /  / high
中部战区陆军 /  /  /  / high
东部战区海军 / 东海舰队 /  /  / high
南部战区海军 / 南海舰队 /  /  / high
北部战区海军 / 北海舰队 /  /  / high
东部战区空军 /  /  /  / high
南部战区空军 /  /  /  / high
西部战区空军 /  /  /  / high
北部战区空军 /  /  /  / high
中部战区空军 /  /  /  / high
新疆军区 / 中国人民解放军新疆军区 /  / 新疆 / high
西藏军区 / 中国人民解放军西藏军区 /  / 西藏 / high
北京卫戍区 / 中国人民解放军北京卫戍区 /  / 北京 / high
天津警备区 /  /  / 天津 / high
上海警备区 /  /  / 上海 / high
重庆警备区 /  /  / 重庆 / high
中国人民解放军驻香港部队 / 驻香港部队 / 驻港部队 / 香港 / high
中国人民解放军驻澳门部队 / 驻澳门部队 / 驻澳部队 / 澳门 / high
# --- joint logistic support --------------------------------------------------
武汉联勤保障基地 /  /  /  / high
无锡联勤保障中心 /  /  /  / high
桂林联勤保障中心 /  /  /  / high
西宁联勤保障中心 /  /  /  / high
沈阳联勤保障中心 /  /  /  / high
郑州联勤保障中心 /  /  /  / high
中国人民解放军总医院 / 解放军总医院 / 301医院 /  / high
# --- armed police and coast guard -------------------------------------------
中国人民武装警察部队 / People's Armed Police / 武警部队, 武警 /  / high
武警第一机动总队 / 中国人民武装警察部队第一机动总队 /  /  / high
武警第二机动总队 / 中国人民武装警察部队第二机动总队 /  /  / high
中国海警局 / 中国人民武装警察部队海警总队, China Coast Guard / 中国海警, 海警 /  / high
武警特种警察学院 / 中国人民武装警察部队特种警察学院 /  /  / high
雪豹突击队 / 武警雪豹突击队 /  /  / high
猎鹰突击队 / 武警猎鹰突击队 /  /  / high
蛟龙突击队 / 海军蛟龙突击队 /  /  / high
武警警官学院 / 中国人民武装警察部队警官学院 /  /  / high
武警工程大学 / 中国人民武装警察部队工程大学 /  /  / high
武警指挥学院 / 中国人民武装警察部队指挥学院 /  /  / high
武警后勤学院 / 中国人民武装警察部队后勤学院 /  /  / high
武警海警学院 / 中国人民武装警察部队海警学院 /  /  / high
# --- ceremonial and display units ------------------------------------------
中国人民解放军三军仪仗队 / 三军仪仗队 /  /  / high
中国人民解放军军乐团 / 解放军军乐团 /  /  / high
空军八一飞行表演队 / 八一飞行表演队 /  /  / high
海军海鹰飞行表演队 /  /  /  / normal
中国人民解放军文工团 / 解放军文工团 /  /  / normal
# --- military universities and academies -----------------------------------
国防大学 / 中国人民解放军国防大学 /  /  / high
国防科技大学 / 中国人民解放军国防科技大学 / 国防科大 /  / high
军事科学院 / 中国人民解放军军事科学院 / 军科院 /  / high
陆军工程大学 / 中国人民解放军陆军工程大学 /  /  / high
海军工程大学 / 中国人民解放军海军工程大学 /  /  / high
空军工程大学 / 中国人民解放军空军工程大学 /  /  / high
火箭军工程大学 / 中国人民解放军火箭军工程大学 /  /  / high
信息工程大学 / 中国人民解放军信息工程大学, 战略支援部队信息工程大学 /  /  / high
航天工程大学 / 中国人民解放军航天工程大学 /  /  / high
陆军军医大学 / 中国人民解放军陆军军医大学, 第三军医大学 /  /  / high
海军军医大学 / 中国人民解放军海军军医大学, 第二军医大学 /  /  / high
空军军医大学 / 中国人民解放军空军军医大学, 第四军医大学 /  /  / high
陆军指挥学院 / 中国人民解放军陆军指挥学院 /  /  / normal
海军指挥学院 / 中国人民解放军海军指挥学院 /  /  / normal
空军指挥学院 / 中国人民解放军空军指挥学院 /  /  / normal
火箭军指挥学院 / 中国人民解放军火箭军指挥学院 /  /  / normal
海军大连舰艇学院 / 中国人民解放军海军大连舰艇学院 /  /  / normal
海军潜艇学院 / 中国人民解放军海军潜艇学院 /  /  / normal
海军航空大学 / 中国人民解放军海军航空大学 /  /  / normal
空军航空大学 / 中国人民解放军空军航空大学 /  /  / normal
空军预警学院 / 中国人民解放军空军预警学院 /  /  / normal
陆军装甲兵学院 / 中国人民解放军陆军装甲兵学院 /  /  / normal
陆军炮兵防空兵学院 / 中国人民解放军陆军炮兵防空兵学院 /  /  / normal
陆军步兵学院 / 中国人民解放军陆军步兵学院 /  /  / normal
陆军特种作战学院 / 中国人民解放军陆军特种作战学院 /  /  / normal
陆军边海防学院 / 中国人民解放军陆军边海防学院 /  /  / normal
陆军防化学院 / 中国人民解放军陆军防化学院 /  /  / normal
陆军航空兵学院 / 中国人民解放军陆军航空兵学院 /  /  / normal
陆军勤务学院 / 中国人民解放军陆军勤务学院 /  /  / normal
陆军军事交通学院 / 中国人民解放军陆军军事交通学院 /  /  / normal
海军研究院 / 中国人民解放军海军研究院 /  /  / normal
空军研究院 / 中国人民解放军空军研究院 /  /  / normal
陆军研究院 / 中国人民解放军陆军研究院 /  /  / normal
火箭军研究院 / 中国人民解放军火箭军研究院 /  /  / normal
中国人民革命军事博物馆 / 军事博物馆 / 军博 /  / high
# --- military media (flag news_media) ----------------------------------------
@flags=news_media
解放军新闻传播中心 / 中国人民解放军新闻传播中心 /  /  / high
解放军报 / 解放军报社, PLA Daily / 军报 /  / high
军报记者 /  /  /  / high
中国军网 / China Military Online /  /  / high
国防部网 /  /  /  / high
中国国防报 /  /  /  / high
中国军号 /  /  /  / high
中国军视网 /  /  /  / high
八一电视 /  /  /  / high
八一电影制片厂 / 中国人民解放军八一电影制片厂 / 八一厂 /  / normal
解放军画报 /  /  /  / normal
人民海军 / 人民海军报 /  /  / normal
空军报 /  /  /  / normal
火箭兵报 /  /  /  / normal
人民前线 / 人民前线报 /  /  / normal
人民武警报 /  /  /  / normal
中国民兵 /  /  /  / normal
军营文化天地 /  /  /  / low
解放军生活 /  /  /  / low
中国武警 /  /  /  / normal
"""
