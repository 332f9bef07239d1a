// Textual verdicts -> normalised ratings. The table is docs/claims.md's; keep them in step.
#include <string>
#include <utility>
#include <vector>

#include "claims/claims.h"
#include "claims/fold.h"

namespace lockstep::claims {

namespace {

struct Rule {
  std::string phrase;  // fold_key form
  Verdict verdict;
};

// Checked in this order, first phrase contained in the rating wins: qualified verdicts ("mostly
// false") before plain ones, negations ("not true", "неверно", "غير صحيح") before "true".
std::vector<Rule> build_rules() {
  const std::vector<std::pair<Verdict, std::vector<const char*>>> groups = {
      {Verdict::satire,
       {"satire",  "satirical", "parody",  "humor",  "humour",   "сатира",   "юмор",      "пародия",
        "hiciv",   "satir",     "mizah",   "satira", "parodiya", "երգիծանք", "երգիծական", "sátira",
        "parodia", "satirique", "parodie", "ساخر",   "سخرية",    "تهكم"}},
      {Verdict::mostly_false,
       {"mostly false",
        "largely false",
        "mostly fake",
        "mainly false",
        "three pinocchios",
        "скорее ложь",
        "в основном ложь",
        "преимущественно ложь",
        "скорее неправда",
        "в основном неправда",
        "çoğunlukla yanlış",
        "büyük ölçüde yanlış",
        "esasen yanlış",
        "əsasən yalan",
        "əsasən yanlış",
        "hisse yalan",
        "հիմնականում կեղծ",
        "հիմնականում սուտ",
        "mayormente falso",
        "mayoritariamente falso",
        "mayormente falsa",
        "plutôt faux",
        "en grande partie faux",
        "majoritairement faux",
        "größtenteils falsch",
        "überwiegend falsch",
        "meist falsch",
        "غالبا خطا",
        "غالبا زائف",
        "معظمه خطا",
        "معظمه زائف",
        "زائف في معظمه"}},
      {Verdict::mostly_true, {"mostly true",          "largely true",
                              "mostly correct",       "mainly true",
                              "one pinocchio",        "скорее правда",
                              "в основном правда",    "преимущественно правда",
                              "в основном верно",     "çoğunlukla doğru",
                              "büyük ölçüde doğru",   "əsasən doğru",
                              "əsasən həqiqət",       "հիմնականում ճիշտ",
                              "հիմնականում ճշմարիտ",  "mayormente verdadero",
                              "mayormente cierto",    "mayoritariamente verdadero",
                              "plutôt vrai",          "en grande partie vrai",
                              "majoritairement vrai", "größtenteils richtig",
                              "überwiegend richtig",  "überwiegend wahr",
                              "größtenteils wahr",    "غالبا صحيح",
                              "معظمه صحيح",           "صحيح في معظمه"}},
      {Verdict::mixture,
       {"half true",
        "mixture",
        "mixed",
        "partly false",
        "partly true",
        "partially false",
        "partially true",
        "two pinocchios",
        "half false",
        "полуправда",
        "частично правда",
        "частично ложь",
        "частично верно",
        "частично неверно",
        "наполовину",
        "kısmen doğru",
        "kısmen yanlış",
        "yarı doğru",
        "karma",
        "karışık",
        "qismən doğru",
        "qismən yalan",
        "qismən yanlış",
        "yarımhəqiqət",
        "yarı həqiqət",
        "մասամբ ճիշտ",
        "մասամբ կեղծ",
        "մասնակի ճշմարտություն",
        "կիսաճշմարտություն",
        "parcialmente falso",
        "parcialmente verdadero",
        "parcialmente cierto",
        "medio verdadero",
        "verdad a medias",
        "impreciso",
        "mixto",
        "partiellement faux",
        "partiellement vrai",
        "à moitié vrai",
        "mitigé",
        "imprécis",
        "teilweise falsch",
        "teilweise richtig",
        "teilweise wahr",
        "halbwahr",
        "halb wahr",
        "صحيح جزئيا",
        "نصف صحيح",
        "خطا جزئيا",
        "زائف جزئيا",
        "مختلط",
        "نصف حقيقة"}},
      {Verdict::false_,
       {"false",
        "fake",
        "pants on fire",
        "not true",
        "untrue",
        "incorrect",
        "inaccurate",
        "wrong",
        "hoax",
        "fabricated",
        "four pinocchios",
        "scam",
        "baseless",
        "ложь",
        "неправда",
        "фейк",
        "недостоверно",
        "неверно",
        "не соответствует действительности",
        "вымысел",
        "yanlış",
        "sahte",
        "asılsız",
        "uydurma",
        "gerçek dışı",
        "yalan",
        "saxta",
        "feyk",
        "həqiqətə uyğun deyil",
        "կեղծ",
        "սուտ",
        "ապատեղեկատվություն",
        "falso",
        "falsa",
        "bulo",
        "incorrecto",
        "inexacto",
        "faux",
        "fausse",
        "intox",
        "infox",
        "inexact",
        "falsch",
        "unwahr",
        "erfunden",
        "خطا",
        "خاطئ",
        "زائف",
        "كاذب",
        "كذب",
        "مفبرك",
        "ملفق",
        "غير صحيح",
        "مزيف",
        "شائعة"}},
      {Verdict::mostly_false, {"misleading",    "miscaptioned",
                               "misattributed", "out of context",
                               "exaggerat",     "distort",
                               "manipulated",   "missing context",
                               "lacks context", "cherry pick",
                               "манипуляция",   "вводит в заблуждение",
                               "искажение",     "преувеличение",
                               "без контекста", "yanıltıcı",
                               "çarpıtma",      "manipülasyon",
                               "abartı",        "manipulyasiya",
                               "çaşdırıcı",     "yayındırıcı",
                               "մանիպուլյացիա", "ապակողմնորոշիչ",
                               "engañoso",      "manipulado",
                               "exagerado",     "fuera de contexto",
                               "trompeur",      "manipulé",
                               "manipulation",  "exagéré",
                               "hors contexte", "sorti de son contexte",
                               "irreführend",   "fehlender kontext",
                               "manipuliert",   "aus dem zusammenhang",
                               "übertrieben",   "مضلل",
                               "تضليل",         "خارج السياق",
                               "مبالغ"}},
      {Verdict::unproven,
       {"unproven",
        "unverified",
        "unsupported",
        "no evidence",
        "unsubstantiated",
        "research in progress",
        "undetermined",
        "lacks evidence",
        "not proven",
        "unclear",
        "не доказано",
        "недоказано",
        "не подтверждено",
        "нет доказательств",
        "непроверено",
        "неизвестно",
        "kanıtlanamadı",
        "doğrulanamadı",
        "belirsiz",
        "kanıtsız",
        "teyit edilemedi",
        "təsdiqlənməyib",
        "sübut olunmayıb",
        "yoxlanıla bilmədi",
        "təsdiqini tapmayıb",
        "չհաստատված",
        "անհիմն",
        "չապացուցված",
        "sin evidencia",
        "no verificable",
        "inverificable",
        "sin pruebas",
        "no comprobado",
        "incierto",
        "non prouvé",
        "invérifiable",
        "pas de preuve",
        "non vérifié",
        "infondé",
        "unbelegt",
        "nicht belegt",
        "unbewiesen",
        "keine belege",
        "غير مثبت",
        "لم يثبت",
        "غير مؤكد",
        "بلا دليل",
        "لا دليل",
        "غير مؤكدة"}},
      {Verdict::true_,
       {"true",         "correct",  "accurate", "geppetto", "правда", "верно",   "достоверно",
        "подтверждено", "doğru",    "gerçek",   "həqiqət",  "ճիշտ",   "ճշմարիտ", "verdadero",
        "cierto",       "correcto", "verdad",   "vrai",     "exact",  "richtig", "wahr",
        "korrekt",      "stimmt",   "صحيح",     "حقيقي",    "دقيق"}},
  };
  std::vector<Rule> rules;
  for (const auto& [verdict, phrases] : groups)
    for (const char* p : phrases) rules.push_back({fold_key(p), verdict});
  return rules;
}

bool contains_phrase(std::string_view text, std::string_view phrase) {
  // Phrases match at a word start, so "true" is not found inside "construe" but "exaggerat"
  // still covers "exaggerated".
  for (size_t at = text.find(phrase); at != std::string_view::npos; at = text.find(phrase, at + 1))
    if (at == 0 || text[at - 1] == ' ') return true;
  return false;
}

}  // namespace

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::false_:
      return "false";
    case Verdict::mostly_false:
      return "mostly false";
    case Verdict::mixture:
      return "mixture";
    case Verdict::mostly_true:
      return "mostly true";
    case Verdict::true_:
      return "true";
    case Verdict::unproven:
      return "unproven";
    case Verdict::satire:
      return "satire";
    case Verdict::other:
      return "other";
  }
  return "other";
}

Verdict normalize_rating(std::string_view textual_rating) {
  static const std::vector<Rule> rules = build_rules();  // immutable after first use
  std::string key = fold_key(textual_rating);
  if (key.empty()) return Verdict::other;
  for (const Rule& r : rules)
    if (contains_phrase(key, r.phrase)) return r.verdict;
  return Verdict::other;
}

Verdict rating_from_scale(double value, double worst, double best) {
  if (!(best > worst) || value < worst || value > best) return Verdict::other;
  double t = (value - worst) / (best - worst);
  if (t <= 0.1) return Verdict::false_;
  if (t <= 0.35) return Verdict::mostly_false;
  if (t <= 0.65) return Verdict::mixture;
  if (t <= 0.9) return Verdict::mostly_true;
  return Verdict::true_;
}

}  // namespace lockstep::claims
