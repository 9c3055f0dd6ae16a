"""Word lists of the report geoparser (:mod:`gazetteer.extract`, :mod:`gazetteer.context`).

Data only, no logic: every set holds words normalised like the text's tokens
(:func:`norm_set`, :func:`gazetteer.normalize.arabic`), so a token is tested with ``word in SET``
or, for its clitic stems, ``stems & SET``. What each list does in the geoparser:

Cue words (evidence that the next word is a place, and which reading is meant)

* ``SETTLEMENT_CUES`` (قرية، بلدة، مدينة …): the strongest cue; a name after them is a place even
  when it is a common word. ``AREA_CUES`` (ريف، منطقة، جبل، مطار …) and ``DIRECTION_CUES`` (شمال،
  جنوبي …) are weaker place nouns; ``AREA_DIR`` is their union.
* ``PREPOSITIONS`` (في، من، إلى، قرب …), ``ACTION_CUES`` (قصف، هجوم …), ``MOTION_CUES`` (يربط، دخلت
  …), ``ROAD_TO`` (طريق X): weak cues, one point of support each.
* ``LIST_INTRO`` (منها، أبرزها) after a plural place noun (``PLURAL_CUES``, ``PLURAL_ANY`` with the
  article) opens a list of places; ``NAME_HEADS`` (كفر، تل، عين …) start two-word village names
  the gazetteer may lack; ``UNKNOWN_CUES`` are the nouns after which a rare unknown word is
  reported as a village; ``IN_WORDS`` say that a place lies in the next one ("X بريف إدلب").
* ``GOV_CUES`` / ``GOV_PLURAL`` ask for a governorate reading (ريف إدلب، بريفي إدلب وحلب);
  ``CITY_CUES`` / ``CITY_PLURAL`` for a city (مدينة حلب); ``URBAN_PARTS`` (أحياء، شارع …) for the
  city too, with the direction adjective after the name describing its parts.
* ``DIRECTION_ADJ`` (الشمالي، الغربية …) after a name asks for the governorate ("ريف حلب الشرقي").
  ``BARE_COMPASS`` (شمال، جنوب …) after a site (``SITE_NOUNS``: قاعدة، مطار …) measures from a city.
* ``STOPWORDS`` and ``NEVER_ALONE``: function and cue words never taken as a place on their own,
  whatever the gazetteer says (على، قرى، شمال are also village names).
* ``HEAD_CUES`` (منطقة، محافظة …): a gazetteer name starting with one of them ("منطقة إدلب") is
  read as the cue plus the rest when the rest is a name. ``ROAD_HEADS``: road nouns before a
  road's name. ``MONTHS`` / ``MONTH_ALL`` / ``MONTH_ORD``: dates are masked (تشرين الأول).
* ``DUAL_HEADS`` (جبلي → جبل): "جبلي X وY" names جبل X and جبل Y; ``DUAL_NOUNS`` (بلدتي،
  قريتي …): "بلدتي X وY" makes Y a place as much as X.
* ``QUANTIFIERS`` (كل، بعض …): the indefinite word after them is a common noun; ``PLACE_ADJ``
  (الواقعة، المجاورة …) describe a place after its name (no sign of a common noun).
* ``AREA_DIR_SETTLE``, ``SETTLE_PREP``, ``PLACE_NOUN_DIR``: unions of the sets above, built once.

Names that are not places (masked or discounted)

* ``ORGANISATIONS`` and ``PERSONS``: multi-word names whose words are place names (تلفزيون
  سوريا، بشار الأسد); masked before matching. ``ORG_HEADS`` (جيش، تلفزيون، تنسيقية …): a place
  name right after them belongs to an organisation's name.
* ``TITLES`` (النقيب، الشيخ …), ``KUNYA_HEADS`` (أبو، أم) and ``GIVEN_NAMES`` (محمد، أحمد …): the
  rules that mask people named by title, kunya or given name plus nisba surname.
  ``SHRINE_TITLES`` (الشيخ، النبي) also name landmarks after a generic head (جبل الشيخ بركات).
* ``NISBA_BASES`` (سور، روس، ترك …): stems of nisba adjectives (السورية، الروسي) read as
  adjectives, not places, after a definite noun.
* ``OFFICIAL_HEADS`` / ``OFFICIAL_ADJ``: a state's official name ("الجمهورية العربية السورية") is
  one mention of the country. ``COUNTRY_HEADS`` (سيادة، حدود …): nouns of statehood whose
  indefinite possessor (سيادة سورية) is the country, not an adjective.

Parts of place names

* ``GENERIC_HEADS`` (تل، عين، جبل، شير …): without the article they are nouns heading a two-word
  name ("تل مرديخ"), never a place alone.
* ``PART_ADJ`` (الجديدة، القديمة، الكبرى …): after a town the gazetteer does not know with it,
  a part or namesake of that town ("حلب الجديدة").

Roads and spellings

* ``M4_TOWNS`` / ``M5_TOWNS`` / ``M4_EAST_TOWNS``: town pairs that name the western M4, the M5
  or the eastern M4 in "طريق X - Y";
  ``M4_WEST_TOWNS``: an M4 named after one of them is the western road (the corridor's).
* ``SPELLING_SWAPS``: letter pairs confused in news spellings, tried for names the gazetteer
  lacks (:func:`gazetteer.context.spelling_variants`).

The public names stay importable from :mod:`gazetteer.extract` as before.
"""

from __future__ import annotations

from gazetteer import normalize as N


def norm_set(words: str) -> frozenset[str]:
    """The words of a space-separated list, normalised like the text's tokens
    (:func:`gazetteer.normalize.arabic`)."""
    return frozenset(N.arabic(w) for w in words.split())


# ------------------------------------------------------------------ cue words

#: Settlement nouns: a name right after them is a place even if it is a common word.
SETTLEMENT_CUES = norm_set(
    "مدينة مدينتي مدن بلدة بلدتي بلدات قرية قريتي قرى قريه مزرعة مزارع مخيم مخيمات حي أحياء "
    "ضيعة تجمع تجمعي تجمعا تجمعات")
#: Other place nouns: areas, landforms, infrastructure, positions.
AREA_CUES = norm_set(
    "ريف أرياف ريفي ريفا ريفين محافظة محافظتي محافظتا محافظات منطقة مناطق ناحية جبل جبال سهل "
    "وادي مطار حاجز معبر معسكر محور محاور أطراف محيط تخوم مشارف أراضي جبهة جبهات بادية "
    "مركز ضواحي ولاية ولايتي ولايات قمة قمم سفح سفوح منحدرات مرتفعات تلال هضبة")
#: Indefinite area and plural place nouns that take an indefinite adjective after them
#: («منطقة وعرة», «مناطق متفرقة», «أحياء سكنية»), written without the article.
INDEFINITE_AREA_NOUNS = norm_set("منطقة مناطق أحياء قرى بلدات مدن أماكن مواقع")
DIRECTION_CUES = norm_set(
    "شمال جنوب شرق غرب شمالي جنوبي شرقي غربي شمالا جنوبا شرقا غربا شمالاً جنوباً شرقاً غرباً")
#: Military and event nouns in construct with a place: "هجوم بليون", "قصف الحميدية" (weak cues).
ACTION_CUES = norm_set(
    "قصف هجوم معركة معارك استهداف اقتحام حصار تحرير سقوط اشتباكات مجزرة غارة غارات تفجير "
    "انفجار تمشيط محاصرة")
#: Plural and feminine event nouns: an indefinite feminine word right after one is its
#: adjective («معارك عنيفة», «مجزرة جديدة»); after a masculine one it may be the place
#: («سقوط ربيعة»).
PLURAL_EVENTS = norm_set("معارك اشتباكات غارات مواجهات مجازر مجزرة غارة معركة")
#: Verbs and nouns of motion or connection whose object is a place: "يربط منبج بعين عيسى",
#: "دخلت القوات كفرنبل", "يمر منبج" (weak cues, like an event noun).
MOTION_CUES = norm_set(
    "يربط تربط ربط يربطان تربطان يمر تمر مر مرت يمران يصل تصل وصل وصلت وصلوا يصلان دخل "
    "دخلت دخلوا يدخل تدخل ادخل دخول اقتحم اقتحمت اقتحموا يقتحم تقتحم غادر غادرت غادروا يغادر "
    "تغادر مغادرة بلغت يبلغ تبلغ اجتاز اجتازت اجتازوا يجتاز تجتاز عبرت عبروا يعبر تعبر قصد "
    "قصدت يقصد زار زارت يزور تزور استعاد استعادت استعادوا يستعيد تستعيد استعادة حاصر حاصرت "
    "يحاصر تحاصر اجتاح اجتاحت يجتاح تجتاح اجتياح سلك سلكت يسلك تسلك اخترق اخترقت يخترق تخترق "
    "يشق تشق يخترقان يصلان يوصل توصل تسلم تسلمت تسلموا استلم استلمت استلموا")
#: A road "to" a place: "على طريق بليون", "أوتوستراد منبج" (indefinite head only).
ROAD_TO = norm_set("طريق أوتوستراد اوتوستراد اتستراد")
#: Words that open a list after a plural place noun: "عدد من القرى، منها X وY".
LIST_INTRO = norm_set("منها ومنها بينها أبرزها أهمها أبرزهما أهمهما هي وهي")
PREPOSITIONS = norm_set(
    "في من إلى الى على قرب نحو حتى عند بين داخل عبر تجاه اتجاه باتجاه مرورا مروراً وصولا "
    "وصولاً حول انطلاقا انطلاقاً بمحيط قرابة بالقرب لدى صوب")
#: Governorate readings of a name that is both a city and a governorate.
GOV_CUES = norm_set("ريف أرياف محافظة محافظتي منطقة ريفي ريفا محافظتا محافظات") | DIRECTION_CUES
#: Dual and plural governorate nouns: every name of the coordinated list after them is a
#: governorate ("بريفي إدلب وحلب", "أرياف حماة وإدلب واللاذقية", "محافظتي الرقة والحسكة").
GOV_PLURAL = norm_set("ريفي ريفا أرياف محافظتي محافظتا محافظات")
CITY_CUES = norm_set("مدينة مدينتي مدينتا مدن")
CITY_PLURAL = norm_set("مدينتي مدينتا مدن")
#: Parts of a town: after them a governorate capital is the city, and a direction adjective
#: after the name describes the parts ("أحياء حلب الشرقية", unlike "ريف حلب الشرقي").
URBAN_PARTS = norm_set(
    "حي أحياء حارة حارات شارع شوارع سوق أسواق مركز وسط ساحة ساحات أزقة دوار ضواحي ضاحية "
    "أطراف")
DIRECTION_ADJ = norm_set(
    "الشمالي الجنوبي الشرقي الغربي الشمالية الجنوبية الشرقية الغربية الأوسط")
#: Words never taken as places on their own (direction adjectives, generic nouns).
STOPWORDS = DIRECTION_ADJ | norm_set(
    "الدولي الدولية الطريق طريق المنطقة منطقة الريف ريف المدينة الحدود الجبل السهل القرية "
    "البلدة العاصمة")
#: Function and cue words: never a place on their own, whatever the gazetteer says.
NEVER_ALONE = (STOPWORDS | DIRECTION_CUES | PREPOSITIONS | SETTLEMENT_CUES | AREA_CUES
               | norm_set("علي على الى إلى عن مع او أو ثم قد لا ما هذا هذه ذلك تلك التي الذي"))
#: Particles that never end a name written in two words unless the gazetteer spells the name so
#: («في حلب أن»: حلب + أن is not the village حلبان; «سد السابع عشر من نيسان» is spelled so).
JOIN_PARTICLES = norm_set("أن إن من في عن إلى ثم قد لا ما مع كما حيث منذ")
#: Definite place nouns that are also the names of well-known places, read as names when the
#: text supports them like any common word: البادية (the Syrian Desert, a cited region),
#: المزرعة (al-Mazraa, a subdistrict seat of Suwayda: «قنوات وعريقة والمزرعة»).
DEFINITE_NOUN_NAMES = norm_set("البادية المزرعة")
# … and their definite forms, but for those names
NEVER_ALONE = NEVER_ALONE | frozenset(N.ARTICLE + w for w in SETTLEMENT_CUES | AREA_CUES
                                      if not w.startswith(N.ARTICLE)) - DEFINITE_NOUN_NAMES
#: Definite settlement nouns (المدينة، البلدة، القرية …): "the town" of a text that named it,
#: never a name, whatever noun comes before («أحياء المدينة»). (The definite area nouns may be:
#: «الجبل» is Jabal al-Arab to Suwayda's outlets.)
DEFINITE_SETTLEMENT_NOUNS = frozenset(N.ARTICLE + w for w in SETTLEMENT_CUES
                                      if not w.startswith(N.ARTICLE)) - DEFINITE_NOUN_NAMES
# the duals of settlement nouns, indefinite («استهدفت قريتين»: two villages; القريتين is a town)
NEVER_ALONE = NEVER_ALONE | norm_set("قريتين بلدتين مدينتين")
#: Site nouns by themselves: a site the text named before («محيط السجن», «ومحطة ضخ الغاز»), not
#: the villages so named (السجن, المحطة: «قرية المحطة» still names one); after a site's head
#: they still name it («دوار الملعب», «دوار المحطة»).
SITE_NOUNS_ALONE = norm_set(
    "السجن المطار المشفى المستشفى المعبر الحاجز الدوار المحطة محطة الملعب المعمل الثكنة "
    "الكراجات الصوامع")
# elatives before a plural noun («خان شيخون، كبرى مدن ريف إدلب»: the largest of the towns; «حي
# الشعار، أبرز الأحياء الشرقية»: not the village أبرز)
NEVER_ALONE = NEVER_ALONE | norm_set("كبرى كبريات صغرى أبرز أهم")
# place nouns with a possessive pronoun («دمشق وريفها»: Damascus and its countryside)
NEVER_ALONE = NEVER_ALONE | norm_set(
    "ريفها ريفه ريفيها أريافها محيطها محيطه أطرافها أطرافه ضواحيها ضواحيه أحياءها أحيائها "
    "قراها بلداتها مدنها مناطقها")
AREA_DIR = AREA_CUES | DIRECTION_CUES
#: Hill nouns: indefinite and alone they are the noun («على سفح تلة»: on a hill's slope), though
#: they head names (تلة الحارة، تل رفعت) and the gazetteer has villages so spelt.
HILL_NOUNS = norm_set("تل تلة")
#: What a hill or a mountain is said to be after its noun, not its name («تلة حاكمة», «تل
#: مرتفع», «جبل صغير»).
ELEVATION_ADJ = norm_set(
    "مرتفع مرتفعة صغير صغيرة كبير كبيرة حاكم حاكمة مطل مطلة عال عالية ترابي ترابية قريب "
    "قريبة استراتيجي استراتيجية اصطناعي اصطناعية")
#: Unions of the cue sets above, tested for every candidate (built once).
AREA_DIR_SETTLE = AREA_DIR | SETTLEMENT_CUES
SETTLE_PREP = SETTLEMENT_CUES | PREPOSITIONS
PLACE_NOUN_DIR = SETTLEMENT_CUES | AREA_CUES | DIRECTION_CUES
#: Plural place nouns that head a list: every item of "بلدات A وB وC" is a place.
PLURAL_CUES = norm_set(
    "بلدات قرى مدن مدينتي بلدتي قريتي مناطق أحياء مخيمات ومخيمات ولايات ولايتي بلدتا قريتا")
#: Plural and dual place nouns that open a list of names joined by و or commas, whatever the
#: gazetteer knows of its items: the settlement nouns of :data:`PLURAL_CUES`, and plurals and
#: duals of fronts, hills, fields and areas («محاور A وB شمالي إدلب», «تلال A وB وC»); not
#: the quarters' nouns, whose lists rule ``sites`` reads («أحياء A ومساكن هنانو»).
LIST_NOUNS = (PLURAL_CUES - norm_set("أحياء")) | norm_set(
    "محاور محوري محورا جبهات تلال مرتفعات قمم حقول منطقتي منطقتا معسكري معسكرا مخيمي مخيما "
    "ناحيتي ناحيتا")
#: Duals of the heads of two-word names: "جبلي الأكراد والتركمان" is جبل الأكراد and جبل
#: التركمان (dual → the head, normalised).
DUAL_HEADS = {N.arabic(dual): N.arabic(head) for dual, head in (
    ("جبلي", "جبل"), ("جبلا", "جبل"), ("تلي", "تل"), ("تلا", "تل"), ("تلتي", "تلة"),
    ("تلتا", "تلة"), ("سهلي", "سهل"), ("سهلا", "سهل"), ("نهري", "نهر"), ("نهرا", "نهر"),
    ("واديي", "وادي"), ("واديا", "وادي"), ("مطاري", "مطار"), ("مطارا", "مطار"),
    ("معبري", "معبر"), ("معبرا", "معبر"), ("سدي", "سد"), ("سدا", "سد"), ("مخيمي", "مخيم"),
    ("مخيما", "مخيم"), ("حيي", "حي"), ("حيا", "حي"), ("قلعتي", "قلعة"), ("خربتي", "خربة"))}
#: Duals of settlement nouns: "بلدتي X وY", "قريتي X وY": the second name is a place as the
#: first is.
DUAL_NOUNS = norm_set("بلدتي بلدتا قريتي قريتا مدينتي مدينتا ناحيتي ناحيتا مخيمي مخيما حيي حيا")
#: Plural place nouns, definite or not (البلدات والقرى … منها X).
PLURAL_ANY = PLURAL_CUES | frozenset(N.ARTICLE + w for w in PLURAL_CUES)
#: Naming words: after a place noun ("في منطقة تدعى X", "قرية تسمى X") the word after them is
#: a name (after a person, "شاب يدعى X", "المدعو X", a person's).
NAMING_WORDS = norm_set("تدعى يدعى تسمى يسمى المسماة المسمى")
UNKNOWN_CUES = (SETTLEMENT_CUES - norm_set("حي أحياء تجمع تجمعي تجمعا تجمعات")) | norm_set(
    "معبر حاجز ولاية ولايتي طريق ناحية منطقة")
IN_WORDS = norm_set("في ريف بريف منطقة بمنطقة محافظة بمحافظة ناحية بناحية")
#: Name-starting words that form two-word village names (كفر نبل، تل واسط، خربة الجوز …).
NAME_HEADS = norm_set("كفر تل عين خربة دير معرة بيت قلعة خان أم أبو جسر رأس باب حزة بير بني")
#: Words that head a gazetteer name ("منطقة إدلب") but are cues when the rest is a name.
HEAD_CUES = norm_set("منطقة محافظة مدينة ناحية بلدة قرية مركز")
#: A road named only by its kind ("الطريق الدولي", "الطريق السريع"): a road mention only with
#: ``generic_roads=True``, else a cue for the road name after it; read as the M4 record.
GENERIC_ROADS = frozenset(" ".join(N.arabic(w) for w in x.split()) for x in (
    "الطريق الدولي", "الطريق", "طريق", "الدولي", "الطريق السريع"))
#: Road nouns (definite or not) before a road's name or a "طريق X - Y" pair.
ROAD_HEADS = norm_set("طريق الطريق أوتوستراد اوتوستراد الأوتوستراد اتستراد الاوتستراد")
#: Month names in dates: "في تشرين الأول 2019", "منذ 5 آذار", "شباط 2020" (تشرين is also a
#: village): a month with الأول/الثاني, a year after it or a day before it is a date.
MONTHS = norm_set(
    "كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين يناير فبراير مارس أبريل مايو "
    "يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر")
MONTH_ALL = MONTHS | frozenset(c + m for m in MONTHS for c in "وفب")
MONTH_ORD = norm_set("الأول الثاني")
#: Feminine elative adjectives: after an indefinite settlement noun they describe it («مدينة
#: كبرى», «بلدة أخرى»), though the gazetteer has villages so spelt (الكبرى).
ELATIVE_ADJ = norm_set("كبرى صغرى أخرى عظمى وسطى أولى")
#: Quantifiers: the indefinite word after them is a common noun ("كل مهجر", "أي مقاتل").
QUANTIFIERS = norm_set("كل أي بعض أحد إحدى جميع كافة معظم أغلب غالبية")
#: Definite words that describe a place after its name ("الزيارة الواقعة غربي …"): no
#: evidence that the name is a common noun.
PLACE_ADJ = norm_set(
    "الواقعة الواقع القريبة القريب المجاورة المجاور المحاذية المحاذي التابعة التابع المحيطة "
    "المحيط المحررة المحرر المحتلة المحتل المذكورة المذكور الحدودية الحدودي الساحلية "
    "الساحلي الاستراتيجية الاستراتيجي الصغيرة الكبيرة")
#: Bare compass nouns and site nouns: a bare compass word after a site measures from a
#: city ("قاعدة حميميم الجوية جنوب شرق اللاذقية" is south-east of the city of Latakia).
BARE_COMPASS = norm_set("شمال جنوب شرق غرب")
#: Units of distance: a compass phrase after them («على بعد 35 كيلومتراً شمال حلب») measures
#: from a point, the city, not a part of the governorate.
DISTANCE_UNITS = norm_set("كم كلم كيلومتر كيلومترات كيلومترا كيلو متر مترا أمتار ميل أميال")
SITE_NOUNS = norm_set("قاعدة مطار معسكر نقطة كلية مدرسة مشفى مستشفى محطة سجن مبنى")

# ------------------------------------------------------------------ names that are not places

#: Organisations and outlets whose names contain place names (masked before matching).
ORGANISATIONS = [
    "تلفزيون سوريا", "حلب اليوم", "تلفزيون حلب اليوم", "وكالة شام", "شبكة شام",
    "شبكة شام الإخبارية", "عنب بلدي", "صدى الشام", "هيئة تحرير الشام", "تحرير الشام",
    "الجبهة الوطنية للتحرير", "قوات سوريا الديمقراطية", "سوريا الديمقراطية",
    "مجلس سوريا الديمقراطية", "جيش الإسلام", "جبهة النصرة", "حراس الدين", "فيلق الشام",
    "أحرار الشام", "حركة أحرار الشام", "جيش العزة", "جيش النصر", "الجيش الوطني السوري",
    "الجيش السوري الحر", "الجيش الحر", "الجيش العربي السوري", "الدفاع المدني السوري",
    "الدفاع المدني", "الخوذ البيضاء", "المرصد السوري لحقوق الإنسان", "المرصد السوري",
    "الشبكة السورية لحقوق الإنسان", "وكالة سانا", "سانا", "وكالة الأنباء السورية",
    "الوكالة العربية السورية للأنباء", "أورينت نت", "أورينت", "قناة أورينت", "ستيب",
    "وكالة ستيب", "ستيب نيوز", "بلدي نيوز", "راديو الكل", "زمان الوصل", "سوريا على طول",
    "نداء سوريا", "منسقو استجابة سوريا", "الائتلاف الوطني السوري", "الائتلاف السوري",
    "الحكومة السورية المؤقتة", "حكومة الإنقاذ", "حكومة الإنقاذ السورية", "قسد",
    "المركز الروسي للمصالحة", "سرايا القدس", "حزب الله", "لواء القدس", "الفرقة الرابعة",
    "قوات النمر", "الفيلق الخامس", "فيلق الشام", "صقور الشام", "جيش الأحرار",
    "نور الدين الزنكي", "حركة نور الدين الزنكي", "وكالة الأناضول", "الأناضول", "روسيا اليوم",
    "آر تي", "سبوتنيك", "الجزيرة", "قناة الجزيرة", "العربية", "قناة العربية", "الحدث",
    "سكاي نيوز", "شام إف إم", "الإخبارية السورية", "التلفزيون السوري", "الوطن أونلاين",
    "صحيفة الوطن", "جريدة الوطن", "إباء", "وكالة إباء", "شام نيوز",
    "شفق نيوز", "الشريط الإخباري", "ليفانت نيوز", "جسر برس", "وطن إف إم", "نورث برس",
    "روناهي", "قناة روناهي", "رووداو", "كردستان 24", "سوريا 24", "السويداء 24",
    "دير الزور 24", "صوت العاصمة", "تجمع أحرار حوران", "الميادين نت", "قناة الميادين",
    "وكالة قاسيون", "شبكة قاسيون",
]
#: Idioms whose words are ordinary words though the gazetteer has a village so spelt (masked
#: like the organisations): «إصابة آخرين بجروح» (with wounds; جروح is a village of Hama).
IDIOMS = ["بجروح", "بجراح"]
#: Nouns that head the name of an armed group, an outlet or a committee: the place name after
#: them is part of that name (جيش إدلب الحر، تلفزيون حلب، تنسيقية سراقب، مرصد حلب العسكري).
ORG_HEADS = norm_set(
    "جيش فيلق ألوية كتائب كتيبة حركة هيئة شبكة وكالة قناة تلفزيون إذاعة راديو صحيفة "
    "جريدة مجلة مرصد تنسيقية تنسيقيات منسقو")
#: People whose names are (or contain) place names.
PERSONS = [
    "بشار الأسد", "حافظ الأسد", "ماهر الأسد", "أسماء الأسد", "آل الأسد", "بشار", "بوتين",
    "فلاديمير بوتين", "أردوغان", "رجب طيب أردوغان", "شويغو", "سيرغي شويغو", "لافروف",
    "سيرغي لافروف", "جاويش أوغلو", "مولود جاويش أوغلو", "خلوصي أكار", "أكار", "الجولاني",
    "أبو محمد الجولاني", "سهيل الحسن", "ترامب", "بايدن", "جيمس جيفري", "بيدرسون",
    "غير بيدرسون", "دي ميستورا", "ظريف", "روحاني", "خامنئي", "قاسم سليماني", "نصر الله",
    "حسن نصر الله",
]
#: Titles and ranks: followed by a personal name they head a person's name (النقيب ناجي مصطفى،
#: والعقيد أحمد، الشيخ محمد), so neither they nor the name after them are places.
TITLES = norm_set(
    "النقيب العقيد الرائد الملازم المقدم العميد اللواء الفريق المشير الشيخ الدكتور المهندس "
    "الحاج الأستاذ السيد السيدة الرئيس الوزير القيادي القائد الشهيد المساعد الرقيب العريف "
    "المجند الصحفي الناشط المحامي الطبيب نقيب عقيد رائد ملازم مقدم عميد لواء الشيخ الدكتورة "
    "الإعلامي المراسل الأب المطران الإمام القاضي")
#: Titles that name landmarks after a generic head: "جبل الشيخ بركات", "تل الشيخ منصور".
SHRINE_TITLES = norm_set("الشيخ النبي الشيخة")
#: Heads of a kunya (أبو عمر، أم محمد): the word after them is a personal name, not a place.
KUNYA_HEADS = norm_set("أبو أبي أبا أم")
#: Common personal (given) names. A word after a title or a kunya head, and a nisba surname
#: after one of these (محمد الإدلبي، أبو عمر الزاوي), belongs to a person's name.
GIVEN_NAMES = norm_set(
    "محمد أحمد محمود مصطفى علي عمر عثمان خالد حسن حسين عبد عبدالله عبدالرحمن عبدالكريم "
    "عبدالقادر عبدالسلام عبدالرزاق عبدالعزيز عبدالحميد عبدالباسط إبراهيم إسماعيل يوسف يحيى "
    "موسى عيسى زكريا سليمان داود هارون يونس أيوب ياسين طه بكر عمار ياسر سعد سعيد أسعد "
    "فراس ناجي سامي سامر ماهر مازن مالك مراد منير نبيل نزار هشام هيثم وليد وائل وسيم زياد "
    "رامي رائد رياض طارق عادل عامر عماد عصام فادي فايز فيصل قاسم كريم كمال لؤي مجد معاذ "
    "معتز منذر مهند نادر ناصر نضال هاني همام أنس أيمن أمجد أسامة باسل بلال تامر توفيق جمال "
    "جميل حازم حامد حمزة حمود خليل رضوان زاهر زهير سالم سلمان سليم شادي صالح صلاح ضياء "
    "عدنان عزام علاء غسان فؤاد قتيبة لؤي ماجد مأمون محسن مهدي نايف نور هادي يزن جهاد "
    "حذيفة أبوبكر مصعب خطاب قصي عبادة عبيدة معن فاطمة عائشة خديجة مريم زينب سارة هدى رنا "
    "ريم لينا نور ياسمين أمل هبة رهف سلمى آمنة")
#: Heads and adjectives of a state's official name ("الجمهورية العربية السورية",
#: "المملكة الأردنية الهاشمية", "الاتحاد الروسي").
OFFICIAL_HEADS = norm_set("الجمهورية جمهورية المملكة مملكة الاتحاد")
OFFICIAL_ADJ = norm_set("العربية الإسلامية الاسلامية الهاشمية الاتحادية الشعبية")
#: Nouns of statehood whose indefinite possessor is a country, not an adjective: "سيادة
#: سورية" (Syria's sovereignty), "أراضي سورية", "حدود تركيا".
COUNTRY_HEADS = norm_set("سيادة استقلال أراضي حدود عاصمة داخل خارج وحدة سلامة")
#: Stems of nisba adjectives that do not come from a gazetteer name.
NISBA_BASES = norm_set(
    "سور روس ترك ايران امريك أمريك عرب كرد لبنان عراق اردن أردن اسرائيل إسرائيل فرنس الماني ألمان "
    "بريطان صين قطر سعود مصر اوروب أوروب غرب شرق شمال جنوب حلب ادلب إدلب حمو دمشق شام لاذقان "
    "حمص رقاو دير وطن دول اقليم إقليم محل عسكر حكوم جو بحر بر ميدان انسان إنسان اسلام إسلام "
    "ترکمان تركمان شيشان اوزبك أوزبك")

# ------------------------------------------------------------------ parts of place names

#: Heads of two-word place names. Alone, without the article, they are nouns (تل "hill", عين
#: "spring", جبل "mountain"): "تل مرديخ", "شير مغار", "جبل شحشبو" are one name, never the
#: village التل or الشير followed by another word.
GENERIC_HEADS = norm_set(
    "تل تلة عين دير كفر خربة جبل شير بيت قلعة جسر معرة سهل وادي مزرعة حاجز رأس بئر بير "
    "حزة خان حرش")
#: Adjectives that name a part or a namesake of a town: "حلب الجديدة" (a district of Aleppo),
#: "عين عيسى القديمة", "أورم الصغرى". When the whole is not a gazetteer name, the town is meant.
PART_ADJ = norm_set(
    "الجديدة الجديد القديمة القديم الكبرى الكبير الكبيرة الصغرى الصغير الصغيرة التحتاني "
    "التحتانية الفوقاني الفوقانية")

# ------------------------------------------------------------------ roads and spellings

#: Pairs of towns that name the western M4 or the M5 in "طريق X - Y".
M4_TOWNS = norm_set("حلب اللاذقية سراقب أريحا جسر_الشغور ترنبة الترنبة عين_الحور")
M5_TOWNS = norm_set("حلب حماة حمص دمشق سراقب خان_شيخون معرة_النعمان")
#: Towns on the eastern M4 (Aleppo – al-Bab – Manbij – Ain Issa – Tell Tamr – Hasakah – Qamishli
#: – al-Yarubiyah; Raqqa as in «الطريق الدولي الحسكة – الرقة – حلب», gazetteer record
#: ``curated:m4-east``): "طريق الحسكة – حلب", "طريق الرقة – الحسكة" name the eastern M4.
M4_EAST_TOWNS = norm_set("حلب الباب منبج عين_عيسى تل_تمر الحسكة القامشلي اليعربية الرقة")
#: Towns on the western M4 (the corridor's road): an M4 mention named after one of them
#: ("طريق حلب - اللاذقية", "أوتوستراد أريحا اللاذقية") is the western road.
M4_WEST_TOWNS = frozenset({"اللاذقيه", "اريحا", "سراقب", "جسر_الشغور", "ترنبه"})
#: Letter pairs confused in news spellings of village names (emphatic and plain letters,
#: ق/ك, ه/ا): :func:`gazetteer.context.spelling_variants` tries each swap.
SPELLING_SWAPS = [("ص", "س"), ("س", "ص"), ("ط", "ت"), ("ت", "ط"), ("ض", "د"), ("د", "ض"),
                  ("ث", "س"), ("س", "ث"), ("ذ", "ز"), ("ز", "ذ"), ("ظ", "ض"), ("ض", "ظ"),
                  ("ق", "ك"), ("ك", "ق"), ("ه", "ا"), ("ا", "ه")]
