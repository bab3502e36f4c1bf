"""Hand-curated data for lexicons/entities/public_institution.tsv (rebuilt by build_entities.py).

Format as in build_entities_gov.py.  National public institutions (事业单位):
academies, research and monitoring centres, archives, museums, libraries,
national performing companies, national hospitals and the universities directly
under central ministries (MOE, MIIT, MPS, MFA, ACFTU).
"""

PREFIX = "pub"
CATEGORY = "PUBLIC_INSTITUTION"
FILE = "public_institution.tsv"
SOURCE = "hand-curated from public knowledge (institutions' own published names; lists of universities directly under central ministries)"
SOURCE_DATE = "2026-09-01"

DATA = r"""
@severity=high
# --- academies and research bodies ------------------------------------------
中国科学院 / Chinese Academy of Sciences, CAS / 中科院 /  / high
中国工程院 / Chinese Academy of Engineering /  /  / high
中国社会科学院 / Chinese Academy of Social Sciences, CASS / 社科院, 中国社科院 /  / high
中国科学院大学 / University of Chinese Academy of Sciences / 国科大 /  / high
中国社会科学院大学 /  / 中国社科院大学 /  / normal
国家自然科学基金委员会 /  / 国家自然科学基金委, 自然科学基金委 /  / high
中国医学科学院 / 北京协和医学院 / 医科院 /  / high
中国中医科学院 /  /  /  / high
中国农业科学院 /  / 中国农科院 /  / high
中国林业科学研究院 /  / 中国林科院 /  / normal
中国水产科学研究院 /  /  /  / normal
中国热带农业科学院 /  /  /  / normal
中国地质科学院 /  /  /  / normal
中国环境科学研究院 /  /  /  / normal
中国建筑科学研究院 /  /  /  / low
中国计量科学研究院 /  / 中国计量院 /  / normal
中国标准化研究院 /  /  /  / normal
中国信息通信研究院 /  / 中国信通院 /  / normal
中国互联网络信息中心 / CNNIC /  /  / normal
国家信息中心 /  /  /  / normal
中国食品药品检定研究院 /  / 中检院 /  / normal
国家药品监督管理局药品审评中心 /  / 药审中心 /  / normal
中国地质调查局 /  /  /  / normal
国家基础地理信息中心 /  /  /  / normal
国家海洋信息中心 /  /  /  / normal
国家海洋环境预报中心 /  /  /  / normal
中国极地研究中心 /  /  /  / normal
中国科学院国家天文台 / 国家天文台 /  /  / normal
中国科学院紫金山天文台 / 紫金山天文台 /  /  / normal
中国科学院高能物理研究所 /  / 高能所 /  / low
中国科学院计算技术研究所 /  / 中科院计算所 /  / low
中国科学院自动化研究所 /  / 中科院自动化所 /  / low
中国科学院物理研究所 /  / 中科院物理所 /  / low
中国科学院化学研究所 /  / 中科院化学所 /  / low
中国科学院微生物研究所 /  /  /  / low
中国科学院武汉病毒研究所 /  / 武汉病毒所 /  / low
中国社会科学院近代史研究所 /  /  /  / low
中国艺术研究院 /  /  /  / normal
中国国家画院 /  /  /  / normal
中国文化遗产研究院 /  /  /  / low
中国教育科学研究院 /  /  /  / low
中国疾病预防控制中心 / Chinese Center for Disease Control and Prevention, China CDC / 中国疾控中心, 中国疾控 /  / high
国家卫生健康委员会统计信息中心 /  /  /  / low
中国健康教育中心 /  /  /  / normal
国家癌症中心 /  /  /  / normal
国家心血管病中心 /  /  /  / normal
国家儿童医学中心 /  /  /  / normal
# --- meteorology, seismology, hydrology, environment monitoring -------------
中央气象台 / 国家气象中心 /  /  / high
国家气候中心 /  /  /  / high
国家卫星气象中心 / 国家空间天气监测预警中心 /  /  / normal
中国气象局公共气象服务中心 / 中国天气网 /  /  / normal
中国天气 /  /  /  / normal
中国地震台网中心 / 中国地震台网 / 地震台网, 中国地震台网速报 /  / high
中国地震局地球物理研究所 /  /  /  / low
中国环境监测总站 /  /  /  / normal
国家应急广播 / 国家应急广播中心 /  /  / high
国家森林消防局 /  /  /  / normal / history
# --- archives, libraries, museums, memorials --------------------------------
国家图书馆 / 中国国家图书馆, National Library of China / 国图 /  / high
中国国家版本馆 /  /  /  / normal
中国第一历史档案馆 /  / 一史馆 /  / normal
中国第二历史档案馆 /  / 二史馆 /  / normal
中国国家博物馆 / National Museum of China / 国博 /  / high
故宫博物院 / Palace Museum /  /  / high
中国共产党历史展览馆 / 党史展览馆 /  /  / high
中国人民抗日战争纪念馆 /  / 抗战馆 /  / high
侵华日军南京大屠杀遇难同胞纪念馆 /  /  / 南京市 / high
中国美术馆 /  /  /  / normal
中国科学技术馆 /  / 中国科技馆 /  / normal
国家自然博物馆 / 北京自然博物馆 /  /  / normal
中国地质博物馆 /  /  /  / low
中国农业博物馆 /  /  /  / low
中国华侨历史博物馆 /  /  /  / low
中国妇女儿童博物馆 /  /  /  / low
中国铁道博物馆 /  /  /  / low
中国航空博物馆 /  /  /  / low
中国海关博物馆 /  /  /  / low
中国电影博物馆 /  /  /  / low
中国电影资料馆 / 中国电影艺术研究中心 /  /  / low
中国现代文学馆 /  /  /  / low
民族文化宫 /  /  /  / normal
首都博物馆 /  /  / 北京 / normal
上海博物馆 /  /  / 上海 / normal
南京博物院 /  /  / 江苏 / normal
陕西历史博物馆 /  /  / 陕西 / normal
湖南博物院 / 湖南省博物馆 /  / 湖南 / normal
浙江省博物馆 /  /  / 浙江 / low
河南博物院 /  /  / 河南 / normal
湖北省博物馆 /  /  / 湖北 / normal
四川博物院 /  /  / 四川 / low
三星堆博物馆 /  /  / 广汉市 / normal
秦始皇帝陵博物院 / 秦始皇兵马俑博物馆 /  / 陕西 / normal
敦煌研究院 /  /  / 甘肃 / normal
中国共产党一大纪念馆 /  /  / 上海 / normal
延安革命纪念馆 /  /  / 陕西 / normal
井冈山革命博物馆 /  /  / 井冈山市 / low
西柏坡纪念馆 /  /  / 平山县 / low
毛主席纪念堂 /  /  /  / high
人民英雄纪念碑 /  /  /  / normal
# --- national performing companies and cultural units ----------------------
国家大剧院 / National Centre for the Performing Arts /  /  / normal
中国国家话剧院 /  / 国话 /  / normal
国家京剧院 /  /  /  / normal
中国交响乐团 /  /  /  / normal
中央民族乐团 /  /  /  / normal
中国歌剧舞剧院 /  /  /  / normal
中央歌剧院 /  /  /  / normal
中央芭蕾舞团 /  /  /  / normal
中国东方演艺集团 / 东方歌舞团 /  /  / normal
中国儿童艺术剧院 /  /  /  / low
中国评剧院 /  /  / 北京 / low
中国煤矿文工团 /  /  /  / low
中国铁路文工团 /  /  /  / low
中国杂技团 /  /  /  / low
中国广播艺术团 /  /  /  / low
中央新闻纪录电影制片厂 / 中国新闻纪录电影制片厂 / 新影 / / low / history
# --- national hospitals -------------------------------------------------------
北京协和医院 / 中国医学科学院北京协和医院 / 协和医院 /  / normal
中日友好医院 /  /  /  / normal
北京医院 / 国家老年医学中心 /  /  / normal
中国医学科学院阜外医院 / 阜外医院 /  /  / normal
中国医学科学院肿瘤医院 /  /  /  / normal
北京大学第一医院 /  / 北大医院 /  / low
北京大学人民医院 /  /  /  / low
北京大学第三医院 /  / 北医三院 /  / low
首都医科大学附属北京天坛医院 / 北京天坛医院 /  /  / low
首都医科大学宣武医院 /  /  /  / low
四川大学华西医院 /  / 华西医院 /  / low
复旦大学附属华山医院 /  / 华山医院 /  / low
复旦大学附属中山医院 /  /  /  / low
上海交通大学医学院附属瑞金医院 /  / 瑞金医院 /  / low
中山大学附属第一医院 /  /  /  / low
浙江大学医学院附属第一医院 /  / 浙大一院 /  / low
华中科技大学同济医学院附属同济医院 /  / 同济医院 /  / low
中南大学湘雅医院 /  / 湘雅医院 /  / low
# --- examinations, credentials, public services ----------------------------
中国高等教育学生信息网 / 学信网, 全国高等学校学生信息咨询与就业指导中心 /  /  / high
中国学位与研究生教育信息网 / 教育部学位与研究生教育发展中心 /  /  / normal
国家开放大学 /  /  /  / normal
国家智慧教育公共服务平台 /  /  /  / normal
国家政务服务平台 /  /  /  / high
国家医保服务平台 /  /  /  / normal
全国社会保险公共服务平台 /  /  /  / normal
国家企业信用信息公示系统 /  /  /  / normal
信用中国 /  /  /  / normal
中国铁路12306 / 铁路12306, 12306 /  /  / normal
中国足球协会 /  / 中国足协 /  / normal
中国篮球协会 /  / 中国篮协 /  / normal
中国奥林匹克委员会 /  / 中国奥委会 /  / normal
国家体育总局训练局 /  /  /  / low
中国青少年发展基金会 / 希望工程 / 中国青基会 /  / normal
中国儿童少年基金会 /  /  /  / low
中国人口福利基金会 /  /  /  / low
中国妇女发展基金会 /  /  /  / low
中国残疾人福利基金会 /  /  /  / low
中国光华科技基金会 /  /  /  / low
# --- universities directly under central ministries (MOE, MIIT, MPS, MFA and others)
@severity=normal
北京大学 / Peking University / 北大 /  / normal
清华大学 / Tsinghua University /  /  / normal
中国人民大学 / Renmin University of China /  /  / normal
北京师范大学 /  / 北师大 /  / normal
北京交通大学 /  / 北交大 /  / normal
北京科技大学 /  / 北科大 /  / normal
北京化工大学 /  /  /  / normal
北京邮电大学 /  / 北邮 /  / normal
中国农业大学 /  /  /  / normal
北京林业大学 /  /  /  / normal
北京中医药大学 /  /  /  / normal
北京外国语大学 /  / 北外 /  / normal
北京语言大学 /  /  /  / normal
中国传媒大学 /  /  /  / normal
中央财经大学 /  /  /  / normal
对外经济贸易大学 /  / 贸大 /  / normal
中央音乐学院 /  /  /  / normal
中央美术学院 /  /  /  / normal
中央戏剧学院 /  /  /  / normal
中国政法大学 /  /  /  / normal
华北电力大学 /  /  /  / normal
中国矿业大学 /  /  /  / normal
中国石油大学（北京） / / / / normal
中国地质大学（北京） / / / / normal
北京航空航天大学 /  / 北航 /  / normal
北京理工大学 /  / 北理工 /  / normal
南开大学 /  /  /  / normal
天津大学 /  /  /  / normal
大连理工大学 /  /  /  / normal
东北大学 /  /  /  / normal
吉林大学 /  /  /  / normal
东北师范大学 /  /  /  / normal
东北林业大学 /  /  /  / normal
哈尔滨工业大学 /  / 哈工大 /  / normal
复旦大学 / Fudan University /  /  / normal
同济大学 /  /  /  / normal
上海交通大学 /  / 上海交大 /  / normal
华东理工大学 /  /  /  / normal
东华大学 /  /  /  / normal
华东师范大学 /  / 华东师大 /  / normal
上海外国语大学 /  / 上外 /  / normal
上海财经大学 /  /  /  / normal
南京大学 /  /  /  / normal
东南大学 /  /  /  / normal
河海大学 /  /  /  / normal
江南大学 /  /  /  / normal
南京农业大学 /  /  /  / normal
中国药科大学 /  /  /  / normal
南京航空航天大学 /  /  /  / normal
南京理工大学 /  /  /  / normal
浙江大学 / Zhejiang University / 浙大 /  / normal
中国科学技术大学 /  / 中科大 /  / normal
合肥工业大学 /  /  /  / normal
厦门大学 /  / 厦大 /  / normal
山东大学 /  /  /  / normal
中国海洋大学 /  /  /  / normal
中国石油大学（华东） /  /  /  / normal
武汉大学 /  /  /  / normal
华中科技大学 /  /  /  / normal
中国地质大学（武汉） /  /  /  / normal
武汉理工大学 /  /  /  / normal
华中师范大学 /  /  /  / normal
华中农业大学 /  /  /  / normal
中南财经政法大学 /  /  /  / normal
湖南大学 /  /  /  / normal
中南大学 /  /  /  / normal
中山大学 /  /  /  / normal
华南理工大学 /  /  /  / normal
四川大学 /  /  /  / normal
西南交通大学 /  /  /  / normal
电子科技大学 /  /  /  / normal
西南财经大学 /  /  /  / normal
重庆大学 /  /  /  / normal
西南大学 /  /  /  / normal
西安交通大学 /  / 西安交大 /  / normal
西安电子科技大学 /  / 西电 /  / normal
长安大学 /  /  /  / normal
陕西师范大学 /  /  /  / normal
西北农林科技大学 /  /  /  / normal
兰州大学 /  /  /  / normal
北京体育大学 /  /  /  / normal
中央民族大学 /  /  /  / normal
西北工业大学 /  /  /  / normal
哈尔滨工程大学 /  /  /  / normal
中国人民公安大学 /  /  /  / high
中国人民警察大学 /  /  /  / high
中国刑事警察学院 /  /  /  / normal
外交学院 / China Foreign Affairs University /  /  / normal
国际关系学院 /  /  /  / normal
中国青年政治学院 /  /  /  / low / history
中国劳动关系学院 /  /  /  / low
"""
