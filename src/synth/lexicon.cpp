#include "synth/lexicon.h"

namespace lockstep::synth::lexicon {

namespace {

using SV = std::string_view;

// Word classes for the sentence templates of chatter (see chatter.cpp), most frequent first.
constexpr Subject kSubjects[] = {
    {"i", Person::first},        {"you", Person::plural},         {"we", Person::plural},
    {"they", Person::plural},    {"people", Person::plural},      {"he", Person::third},
    {"she", Person::third},      {"everyone", Person::third},     {"my friends", Person::plural},
    {"my mom", Person::third},   {"nobody", Person::third},       {"my brother", Person::third},
    {"this guy", Person::third}, {"some people", Person::plural},
};

constexpr SV kVerbs[] = {
    "love", "need", "want",   "like",    "hate",   "miss",      "watch",  "see",
    "know", "get",  "read",   "support", "follow", "remember",  "trust",  "believe",
    "play", "make", "take",   "find",    "keep",   "try",       "share",  "check",
    "call", "buy",  "stream", "order",   "book",   "fix",       "build",  "learn",
    "win",  "lose", "sell",   "cook",    "post",   "recommend", "expect", "understand",
};

constexpr SV kAdjectives[] = {
    "new",    "good",   "great",     "best",      "big",   "bad",         "amazing", "real",
    "whole",  "crazy",  "beautiful", "important", "weird", "perfect",     "huge",    "terrible",
    "free",   "local",  "little",    "funny",     "wild",  "early",       "late",    "small",
    "public", "strong", "wrong",     "cool",      "nice",  "interesting", "hard",    "easy",
    "boring", "insane", "wonderful", "awful",     "cute",  "ready",       "excited", "proud",
    "tired",  "sad",    "angry",     "better",    "worse", "next",        "last",    "first",
    "old",    "long",
};

constexpr SV kAdverbs[] = {
    "really",     "so",         "just",    "still",   "honestly",  "literally",
    "actually",   "always",     "never",   "finally", "seriously", "probably",
    "definitely", "absolutely", "totally", "kinda",   "pretty",    "already",
};

constexpr SV kNouns[] = {
    "time",     "day",           "people",     "thing",    "life",     "world",    "family",
    "friends",  "school",        "city",       "country",  "money",    "job",      "house",
    "car",      "phone",         "water",      "food",     "coffee",   "music",    "game",
    "team",     "video",         "photo",      "picture",  "question", "answer",   "problem",
    "idea",     "point",         "reason",     "place",    "weekend",  "holiday",  "birthday",
    "party",    "show",          "movie",      "book",     "song",     "album",    "article",
    "thread",   "post",          "account",    "internet", "news",     "story",    "week",
    "morning",  "night",         "update",     "report",   "season",   "moment",   "month",
    "future",   "history",       "community",  "support",  "power",    "energy",   "system",
    "service",  "company",       "market",     "price",    "deal",     "plan",     "project",
    "event",    "meeting",       "office",     "street",   "road",     "train",    "flight",
    "hospital", "doctor",        "kids",       "mom",      "dad",      "brother",  "sister",
    "dog",      "cat",           "baby",       "guy",      "woman",    "neighbor", "boss",
    "fans",     "crowd",         "line",       "list",     "weather",  "traffic",  "rent",
    "vibe",     "weekend plans", "group chat",
};

constexpr SV kDeterminers[] = {"the", "the",  "this", "my",    "that",
                               "a",   "your", "our",  "their", "every"};

constexpr SV kPrepositions[] = {"in",    "on",     "at",     "for",     "with", "about", "from",
                                "after", "before", "during", "without", "like", "near"};

constexpr SV kTimes[] = {"today",        "tonight",   "this week", "right now",
                         "this morning", "tomorrow",  "again",     "lately",
                         "these days",   "this year", "every day", "last night"};

constexpr SV kInterjections[] = {"honestly", "ngl", "lol",  "ok",   "wow",       "ugh",
                                 "omg",      "yes", "well", "look", "seriously", "tbh"};

constexpr SV kPolitics[] = {
    "election",  "vote",        "voters",     "government", "president",  "senate",    "congress",
    "policy",    "bill",        "law",        "campaign",   "debate",     "candidate", "party",
    "democracy", "minister",    "parliament", "tax",        "taxes",      "budget",    "reform",
    "border",    "immigration", "rights",     "freedom",    "corruption", "scandal",   "poll",
    "polls",     "ballot",      "leader",     "opposition", "protest",    "justice",   "court",
    "ruling",    "governor",    "mayor",      "citizens",   "nation",     "media",     "press",
    "speech",    "agenda",      "elites",
};
constexpr SV kPoliticsTags[] = {"Election2024", "Vote",   "Politics",  "Democracy",
                                "Breaking",     "Senate", "Debate",    "BudgetVote",
                                "Freedom",      "News",   "PollWatch", "TaxReform"};

constexpr SV kSports[] = {
    "match",    "goal",      "goals",    "score",     "season",     "league",     "coach",
    "players",  "player",    "transfer", "win",       "victory",    "defeat",     "derby",
    "final",    "semifinal", "stadium",  "fans",      "referee",    "penalty",    "injury",
    "squad",    "striker",   "keeper",   "champions", "title",      "trophy",     "points",
    "table",    "race",      "lap",      "driver",    "tennis",     "basketball", "football",
    "soccer",   "baseball",  "playoffs", "draft",     "highlights", "comeback",   "overtime",
    "halftime", "kickoff",   "lineup",
};
constexpr SV kSportsTags[] = {"MatchDay", "NBA",     "NFL",      "PremierLeague", "UCL", "F1",
                              "WorldCup", "GameDay", "Transfer", "Playoffs",      "NHL", "SerieA"};

constexpr SV kTech[] = {
    "app",       "update",     "software",  "code",   "developer", "startup",   "ai",
    "model",     "data",       "cloud",     "server", "bug",       "release",   "feature",
    "launch",    "iphone",     "android",   "laptop", "chip",      "gpu",       "privacy",
    "security",  "hack",       "breach",    "open",   "source",    "github",    "python",
    "rust",      "javascript", "api",       "users",  "platform",  "algorithm", "robot",
    "crypto",    "browser",    "linux",     "design", "product",   "beta",      "version",
    "framework", "database",   "engineers",
};
constexpr SV kTechTags[] = {"AI",     "Tech",          "OpenSource",      "100DaysOfCode",
                            "DevOps", "CyberSecurity", "MachineLearning", "Startup",
                            "Python", "WebDev",        "Cloud",           "Apple"};

constexpr SV kMusic[] = {
    "album",    "single",    "track",   "tour",    "concert",  "show",   "tickets", "band",
    "singer",   "rapper",    "lyrics",  "vocals",  "guitar",   "drums",  "beat",    "remix",
    "playlist", "spotify",   "stream",  "streams", "chart",    "charts", "grammy",  "festival",
    "stage",    "encore",    "setlist", "vinyl",   "producer", "verse",  "chorus",  "collab",
    "dropped",  "listening", "bop",     "anthem",  "acoustic", "live",   "studio",  "ep",
};
constexpr SV kMusicTags[] = {"NowPlaying", "NewMusic", "Grammys",   "Spotify",
                             "Tour2024",   "Kpop",     "HipHop",    "Coachella",
                             "Vinyl",      "NewAlbum", "LiveMusic", "Eurovision"};

constexpr SV kMovies[] = {
    "movie",    "film",      "trailer", "series",      "episode",    "season",    "finale",
    "cast",     "actor",     "actress", "director",    "scene",      "plot",      "ending",
    "sequel",   "premiere",  "cinema",  "theater",     "netflix",    "streaming", "review",
    "spoilers", "character", "villain", "hero",        "script",     "oscar",     "oscars",
    "box",      "office",    "binge",   "documentary", "animation",  "horror",    "comedy",
    "drama",    "thriller",  "marvel",  "remake",      "soundtrack",
};
constexpr SV kMoviesTags[] = {"Oscars",      "Netflix", "NowWatching", "Marvel",
                              "FilmTwitter", "Horror",  "TVTime",      "Spoilers",
                              "Cinema",      "Anime",   "BoxOffice",   "Trailer"};

constexpr SV kFood[] = {
    "dinner",  "lunch",  "breakfast", "recipe", "pizza",  "pasta",     "burger",     "tacos",
    "sushi",   "ramen",  "coffee",    "tea",    "cake",   "bread",     "cheese",     "chicken",
    "vegan",   "salad",  "soup",      "spicy",  "sweet",  "delicious", "restaurant", "chef",
    "kitchen", "baking", "cooking",   "snack",  "brunch", "dessert",   "chocolate",  "cookies",
    "wine",    "beer",   "cocktail",  "menu",   "order",  "takeout",   "grill",      "oven",
};
constexpr SV kFoodTags[] = {"Foodie",   "Recipe",      "Vegan", "Baking", "Brunch", "Coffee",
                            "FoodPorn", "HomeCooking", "Pizza", "Dinner", "Ramen",  "WineTime"};

constexpr SV kWeather[] = {
    "weather",      "rain",     "storm", "snow",     "heat",      "heatwave",  "cold",
    "wind",         "forecast", "flood", "flooding", "hurricane", "tornado",   "warning",
    "temperatures", "degrees",  "sunny", "cloudy",   "thunder",   "lightning", "climate",
    "drought",      "wildfire", "smoke", "air",      "quality",   "outage",    "power",
    "roads",        "ice",      "fog",   "humid",    "summer",    "winter",    "spring",
    "autumn",       "sunset",   "sky",
};
constexpr SV kWeatherTags[] = {"Weather",       "Storm",     "Heatwave",   "Snow",
                               "ClimateChange", "Wildfire",  "Flood",      "Forecast",
                               "Sunset",        "Hurricane", "AirQuality", "Rain"};

constexpr SV kGaming[] = {
    "game",     "gaming",      "stream",   "streamer",    "twitch",    "console",     "pc",
    "switch",   "playstation", "xbox",     "patch",       "update",    "nerf",        "buff",
    "ranked",   "match",       "squad",    "loot",        "boss",      "level",       "quest",
    "speedrun", "controller",  "graphics", "fps",         "rpg",       "multiplayer", "server",
    "lag",      "dlc",         "trailer",  "release",     "indie",     "esports",     "tournament",
    "clutch",   "noob",        "grind",    "achievement", "character",
};
constexpr SV kGamingTags[] = {"Gaming",         "Twitch",  "PS5",      "Xbox",
                              "NintendoSwitch", "Esports", "IndieDev", "Minecraft",
                              "Fortnite",       "GTA6",    "Speedrun", "PCGaming"};

constexpr SV kHealth[] = {
    "health",     "workout", "gym",      "run",     "running",  "yoga",     "sleep",    "diet",
    "fitness",    "doctor",  "hospital", "vaccine", "virus",    "flu",      "covid",    "mental",
    "anxiety",    "therapy", "wellness", "nurses",  "patients", "care",     "medicine", "study",
    "symptoms",   "steps",   "marathon", "protein", "stretch",  "recovery", "healthy",  "habits",
    "meditation", "stress",  "burnout",  "clinic",  "dentist",
};
constexpr SV kHealthTags[] = {"Health",   "Fitness",  "MentalHealth", "Wellness",
                              "GymLife",  "Running",  "Yoga",         "Nutrition",
                              "SelfCare", "Marathon", "PublicHealth", "Sleep"};

constexpr SV kFinance[] = {
    "stocks",   "market",    "markets", "bitcoin",   "crypto",    "ethereum",  "price",
    "prices",   "inflation", "rates",   "fed",       "economy",   "recession", "jobs",
    "earnings", "shares",    "invest",  "investing", "portfolio", "trading",   "traders",
    "bull",     "bear",      "rally",   "crash",     "dip",       "gains",     "losses",
    "bank",     "banks",     "dollar",  "gold",      "oil",       "housing",   "rent",
    "mortgage", "wages",     "budget",  "debt",
};
constexpr SV kFinanceTags[] = {"Bitcoin",         "Crypto", "Stocks", "Investing",   "Inflation",
                               "Economy",         "BTC",    "ETH",    "StockMarket", "Fed",
                               "PersonalFinance", "Trading"};

constexpr SV kTravel[] = {
    "travel",     "trip",        "flight",  "airport",  "hotel",     "beach",    "mountains",
    "island",     "city",        "tour",    "passport", "vacation",  "roadtrip", "train",
    "museum",     "views",       "hiking",  "camping",  "lake",      "ocean",    "sunrise",
    "adventure",  "backpacking", "luggage", "delayed",  "cancelled", "booking",  "explore",
    "wanderlust", "paris",       "tokyo",   "london",   "rome",      "lisbon",   "bali",
    "road",       "coast",
};
constexpr SV kTravelTags[] = {"Travel",  "Wanderlust", "TravelTuesday", "Vacation",
                              "Hiking",  "RoadTrip",   "BeachLife",     "TravelPhotography",
                              "Explore", "Adventure",  "Paris",         "Japan"};

constexpr SV kScience[] = {
    "science", "research", "study",     "paper",   "scientists", "space",     "nasa",
    "rocket",  "launch",   "mars",      "moon",    "telescope",  "galaxy",    "planet",
    "physics", "biology",  "chemistry", "data",    "experiment", "discovery", "species",
    "ocean",   "fossil",   "dinosaur",  "genes",   "dna",        "cells",     "brain",
    "eclipse", "comet",    "satellite", "orbit",   "lab",        "theory",    "evidence",
    "peer",    "review",   "journal",   "climate",
};
constexpr SV kScienceTags[] = {"Science", "Space",           "NASA",     "Astronomy",
                               "Eclipse", "SciComm",         "Research", "Physics",
                               "Biology", "AcademicTwitter", "SpaceX",   "Climate"};

constexpr Topic kTopics[] = {
    {"politics", kPolitics, kPoliticsTags},
    {"sports", kSports, kSportsTags},
    {"tech", kTech, kTechTags},
    {"music", kMusic, kMusicTags},
    {"movies", kMovies, kMoviesTags},
    {"food", kFood, kFoodTags},
    {"weather", kWeather, kWeatherTags},
    {"gaming", kGaming, kGamingTags},
    {"health", kHealth, kHealthTags},
    {"finance", kFinance, kFinanceTags},
    {"travel", kTravel, kTravelTags},
    {"science", kScience, kScienceTags},
};

constexpr SV kFirstNames[] = {
    "james",   "mary",    "john",   "patricia", "robert",  "jennifer", "michael", "linda",
    "william", "sarah",   "david",  "jessica",  "richard", "karen",    "joseph",  "nancy",
    "thomas",  "lisa",    "chris",  "emma",     "daniel",  "olivia",   "matthew", "ava",
    "anthony", "sophia",  "mark",   "isabella", "paul",    "mia",      "steven",  "amelia",
    "andrew",  "harper",  "josh",   "evelyn",   "kevin",   "abigail",  "brian",   "emily",
    "george",  "ella",    "tim",    "grace",    "jason",   "chloe",    "ryan",    "zoe",
    "jacob",   "lily",    "gary",   "hannah",   "nick",    "nora",     "eric",    "riley",
    "jon",     "aria",    "justin", "layla",    "brandon", "leah",     "sam",     "anna",
    "ben",     "lucy",    "adam",   "ruby",     "nate",    "alice",    "tyler",   "maya",
    "jack",    "sofia",   "luke",   "elena",    "liam",    "camila",   "noah",    "valentina",
    "ethan",   "lucia",   "mateo",  "ana",      "diego",   "carla",    "ahmed",   "fatima",
    "omar",    "aisha",   "ali",    "mariam",   "yusuf",   "leila",    "raj",     "priya",
    "arjun",   "ananya",  "wei",    "mei",      "jun",     "yuki",     "hiro",    "sakura",
    "min",     "jisoo",   "kofi",   "ama",      "tunde",   "chioma",   "ivan",    "olga",
    "dmitri",  "anya",    "pierre", "camille",  "lukas",   "lena",     "marco",   "giulia",
    "pedro",   "beatriz", "joao",   "marta",    "sean",    "niamh",    "kyle",    "megan",
    "dylan",   "kayla",   "logan",  "brooke",   "aaron",   "tara",     "connor",  "jade",
    "owen",    "amber",   "caleb",  "erin",     "jay",     "dani",     "alex",    "max",
};

constexpr SV kLastNames[] = {
    "smith",    "johnson",   "williams", "brown",     "jones",    "garcia",   "miller",
    "davis",    "rodriguez", "martinez", "hernandez", "lopez",    "gonzalez", "wilson",
    "anderson", "thomas",    "taylor",   "moore",     "jackson",  "martin",   "lee",
    "perez",    "thompson",  "white",    "harris",    "sanchez",  "clark",    "ramirez",
    "lewis",    "robinson",  "walker",   "young",     "allen",    "king",     "wright",
    "scott",    "torres",    "nguyen",   "hill",      "flores",   "green",    "adams",
    "nelson",   "baker",     "hall",     "rivera",    "campbell", "mitchell", "carter",
    "roberts",  "kim",       "park",     "chen",      "wang",     "li",       "zhang",
    "liu",      "singh",     "patel",    "kumar",     "shah",     "khan",     "ali",
    "hassan",   "ibrahim",   "okafor",   "mensah",    "mueller",  "schmidt",  "fischer",
    "weber",    "rossi",     "russo",    "ferrari",   "silva",    "santos",   "oliveira",
    "costa",    "dubois",    "bernard",  "petit",     "novak",    "kowalski", "ivanov",
    "petrov",   "sato",      "suzuki",   "tanaka",    "murphy",   "kelly",    "obrien",
    "ryan",     "walsh",     "byrne",    "reed",      "cook",     "morgan",   "bell",
    "bailey",   "cooper",    "howard",   "ward",      "cox",      "diaz",     "richardson",
    "wood",     "watson",    "brooks",   "bennett",   "gray",     "james",    "reyes",
    "cruz",     "hughes",    "price",    "myers",     "long",     "foster",   "sanders",
    "ross",     "morales",   "powell",   "fox",
};

constexpr SV kHandleWords[] = {
    "sunny",    "wolf",   "pixel",  "moon",    "star",   "blue",   "red",    "shadow",  "coffee",
    "tiger",    "dragon", "ninja",  "happy",   "lazy",   "wild",   "cosmic", "retro",   "neon",
    "urban",    "silent", "crazy",  "golden",  "silver", "storm",  "river",  "ocean",   "forest",
    "mountain", "desert", "city",   "night",   "dream",  "rebel",  "lucky",  "little",  "big",
    "the",      "real",   "its",    "just",    "mr",     "miss",   "dr",     "captain", "queen",
    "king",     "prince", "lady",   "boy",     "girl",   "dad",    "mom",    "fan",     "lover",
    "addict",   "geek",   "nerd",   "chef",    "runner", "rider",  "gamer",  "writer",  "artist",
    "maker",    "hunter", "pilot",  "doc",     "kitty",  "puppy",  "panda",  "fox",     "bear",
    "hawk",     "raven",  "owl",    "lion",    "shark",  "bee",    "cherry", "peach",   "mango",
    "lemon",    "honey",  "pepper", "ginger",  "cookie", "muffin", "taco",   "pizza",   "jazz",
    "rock",     "punk",   "indie",  "soul",    "beats",  "vibes",  "sound",  "wave",    "byte",
    "code",     "data",   "tech",   "quantum", "atomic", "solar",  "lunar",  "arctic",  "tropic",
    "north",    "south",  "west",   "east",    "ace",
};

constexpr SV kEmoji[] = {
    "\xF0\x9F\x98\x82",
    "\xE2\x9D\xA4\xEF\xB8\x8F",
    "\xF0\x9F\x94\xA5",
    "\xF0\x9F\x98\x8D",
    "\xF0\x9F\x99\x8F",
    "\xF0\x9F\x98\xAD",
    "\xF0\x9F\x91\x8D",
    "\xF0\x9F\x98\x8A",
    "\xF0\x9F\x92\xAF",
    "\xF0\x9F\x91\x80",
    "\xF0\x9F\x98\xA1",
    "\xF0\x9F\xA4\xA3",
    "\xF0\x9F\x99\x84",
    "\xF0\x9F\x98\x8E",
    "\xF0\x9F\x8E\x89",
    "\xE2\x9C\xA8",
    "\xF0\x9F\x92\x80",
    "\xF0\x9F\xA4\x94",
    "\xF0\x9F\x98\xA2",
    "\xF0\x9F\x91\x8F",
    "\xF0\x9F\x9A\xA8",
    "\xE2\x9D\x97",
    "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8",
    "\xF0\x9F\x92\xAA",
    "\xF0\x9F\x98\xB1",
    "\xF0\x9F\xA4\xA1",
    "\xF0\x9F\x92\x94",
    "\xF0\x9F\x8C\x9F",
    "\xE2\x9C\x85",
    "\xE2\x9A\xA0\xEF\xB8\x8F",
    "\xF0\x9F\x91\x87",
    "\xF0\x9F\x93\xA2",
    "\xF0\x9F\x98\xA4",
    "\xF0\x9F\xA5\xB3",
    "\xF0\x9F\x8C\x88",
    "\xF0\x9F\x90\xB6",
    "\xE2\x98\x95",
    "\xF0\x9F\x8D\x95",
    "\xE2\x9A\xBD",
    "\xF0\x9F\x8E\xB5",
};

constexpr SV kNewsDomains[] = {
    "youtube.com",     "nytimes.com",      "bbc.co.uk",
    "theguardian.com", "cnn.com",          "washingtonpost.com",
    "reuters.com",     "instagram.com",    "foxnews.com",
    "apnews.com",      "bloomberg.com",    "nbcnews.com",
    "twitch.tv",       "reddit.com",       "medium.com",
    "wsj.com",         "forbes.com",       "npr.org",
    "politico.com",    "theverge.com",     "techcrunch.com",
    "espn.com",        "variety.com",      "buzzfeed.com",
    "huffpost.com",    "substack.com",     "tiktok.com",
    "spotify.com",     "wikipedia.org",    "github.com",
    "arstechnica.com", "wired.com",        "aljazeera.com",
    "dw.com",          "france24.com",     "independent.co.uk",
    "dailymail.co.uk", "nypost.com",       "usatoday.com",
    "latimes.com",     "axios.com",        "vox.com",
    "theatlantic.com", "cnbc.com",         "skysports.com",
    "goal.com",        "rollingstone.com", "pitchfork.com",
    "ign.com",         "polygon.com",      "nature.com",
    "sciencemag.org",  "space.com",        "weather.com",
    "economist.com",   "ft.com",           "abc.net.au",
    "cbc.ca",          "scmp.com",         "thehindu.com",
    "lemonde.fr",      "spiegel.de",       "elpais.com",
};

constexpr SV kTlds[] = {"com", "net", "org", "co", "info", "news", "io", "us", "co.uk", "online"};

constexpr SV kQuotes[] = {
    "Be the change that you wish to see in the world.",
    "The only thing we have to fear is fear itself.",
    "In the middle of difficulty lies opportunity.",
    "Injustice anywhere is a threat to justice everywhere.",
    "The best time to plant a tree was 20 years ago. The second best time is now.",
    "It always seems impossible until it's done.",
    "Do what you can, with what you have, where you are.",
    "Not all those who wander are lost.",
    "The journey of a thousand miles begins with one step.",
    "What we think, we become.",
    "Stay hungry, stay foolish.",
    "Life is what happens when you're busy making other plans.",
    "The future belongs to those who believe in the beauty of their dreams.",
    "Darkness cannot drive out darkness; only light can do that.",
    "You miss 100% of the shots you don't take.",
    "Whether you think you can or you think you can't, you're right.",
    "Happiness is not something ready made. It comes from your own actions.",
    "Courage is not the absence of fear, but the triumph over it.",
    "Kindness is free. Sprinkle that stuff everywhere.",
    "If you're reading this, drink some water and text someone you love.",
    "Normalize resting without feeling guilty about it.",
    "Your mental health is more important than your productivity.",
    "Be kind. Everyone you meet is fighting a battle you know nothing about.",
    "Reminder: you are allowed to start over as many times as you need.",
    "Hard work beats talent when talent doesn't work hard.",
    "Never stop learning, because life never stops teaching.",
    "The only way to do great work is to love what you do.",
    "Dream big. Start small. Act now.",
    "Well-behaved women seldom make history.",
    "An eye for an eye only ends up making the whole world blind.",
};

constexpr SV kQuoteLeadIns[] = {
    "This.",       "So true:",          "Needed this today.",
    "Reminder:",   "Words to live by:", "Never forget:",
    "Still true:", "Daily reminder:",   "Read this twice.",
    "Preach.",     "Morning thought:",  "Yes!",
};

constexpr SV kFanReplies[] = {
    "love this",
    "so proud of you",
    "queen",
    "legend",
    "iconic",
    "we love you",
    "omg yes",
    "can't wait",
    "this is everything",
    "goat",
    "best ever",
    "literally crying",
    "obsessed",
    "king",
    "slay",
    "you deserve it all",
    "screaming",
    "first",
    "so good",
    "sending love",
    "congrats",
    "amazing",
    "never miss",
    "the moment",
    "stream it",
    "on repeat",
    "my fave",
    "absolute legend",
    "yesss",
};

constexpr SV kPileOn[] = {
    "this is embarrassing",
    "delete this",
    "ratio",
    "you should be ashamed",
    "absolutely clueless",
    "worst take of the year",
    "how is this real",
    "log off",
    "this aged badly",
    "nobody asked",
    "what are you even talking about",
    "read the room",
    "this is so tone deaf",
    "yikes",
    "imagine posting this",
    "this is why nobody trusts you",
    "do better",
    "unbelievable",
    "this is just wrong",
    "you clearly have no idea",
    "the audacity",
    "touch grass",
    "L take",
    "this is a terrible look",
    "apologize",
    "wow just wow",
    "completely out of touch",
};

constexpr SV kCampaignPhrases[] = {
    "wake up",
    "share before they delete this",
    "the truth they don't want you to know",
    "the media won't report this",
    "everyone needs to see this",
    "do your own research",
    "this is not a coincidence",
    "spread the word",
    "they are lying to you",
    "retweet if you agree",
    "we will not be silenced",
    "the people have spoken",
    "stand with us",
    "enough is enough",
    "look who is behind it",
    "it's happening",
    "connect the dots",
    "time to act",
    "don't be fooled",
    "this changes everything",
    "the silent majority agrees",
    "follow the money",
    "no more lies",
    "history will remember",
    "stay strong",
    "read this before it's gone",
};

constexpr SV kLinkIntros[] = {
    "must read",
    "wow, look at this",
    "read this",
    "this is important",
    "interesting article",
    "worth a read",
    "can't believe this",
    "finally someone said it",
    "big if true",
    "thread worth reading",
    "you need to see this",
    "new report",
    "breaking",
    "this explains a lot",
    "not surprised",
    "everyone should read this",
    "great piece",
    "hmm",
    "important",
    "FYI",
};

constexpr SV kEventWords[] = {
    "Final",   "Debate",   "Storm",   "Awards",  "Launch", "Summit",   "Strike", "Outage",
    "Derby",   "Premiere", "Verdict", "Eclipse", "Vote",   "Drop",     "Leak",   "Rally",
    "Crash",   "Cup",      "Night",   "Day",     "Live",   "Festival", "Recall", "Protest",
    "Keynote", "Trial",    "Reunion", "Finale",  "Update", "Week",
};

constexpr Synonym kSynonyms[] = {
    {"people", "folks"},
    {"great", "amazing"},
    {"big", "huge"},
    {"truth", "facts"},
    {"lying", "lieing"},
    {"see", "watch"},
    {"now", "today"},
    {"everyone", "everybody"},
    {"country", "nation"},
    {"government", "regime"},
    {"media", "press"},
    {"real", "actual"},
    {"know", "realize"},
    {"share", "spread"},
    {"delete", "remove"},
    {"stop", "end"},
    {"must", "have to"},
    {"wake", "open your eyes and wake"},
    {"agree", "concur"},
    {"silenced", "censored"},
    {"corrupt", "crooked"},
    {"disgusting", "shameful"},
    {"liar", "fraud"},
    {"clueless", "ignorant"},
    {"terrible", "awful"},
    {"wrong", "false"},
    {"happening", "going on"},
    {"important", "crucial"},
    {"everything", "it all"},
    {"you", "u"},
    {"are", "r"},
    {"because", "cuz"},
    {"really", "truly"},
    {"they", "these people"},
    {"this", "THIS"},
    {"no", "NO"},
    {"never", "NEVER"},
};

constexpr Homoglyph kHomoglyphs[] = {
    {'a', "\xD0\xB0"}, {'e', "\xD0\xB5"}, {'o', "\xD0\xBE"}, {'p', "\xD1\x80"}, {'c', "\xD1\x81"},
    {'x', "\xD1\x85"}, {'y', "\xD1\x83"}, {'i', "\xD1\x96"}, {'A', "\xD0\x90"}, {'B', "\xD0\x92"},
    {'E', "\xD0\x95"}, {'K', "\xD0\x9A"}, {'M', "\xD0\x9C"}, {'H', "\xD0\x9D"}, {'O', "\xD0\x9E"},
    {'P', "\xD0\xA0"}, {'C', "\xD0\xA1"}, {'T', "\xD0\xA2"}, {'X', "\xD0\xA5"},
};

}  // namespace

std::span<const Subject> subjects() {
  return kSubjects;
}
Words verbs() {
  return kVerbs;
}
Words adjectives() {
  return kAdjectives;
}
Words adverbs() {
  return kAdverbs;
}
Words nouns() {
  return kNouns;
}
Words determiners() {
  return kDeterminers;
}
Words prepositions() {
  return kPrepositions;
}
Words times() {
  return kTimes;
}
Words interjections() {
  return kInterjections;
}
std::span<const Topic> topics() {
  return kTopics;
}
Words first_names() {
  return kFirstNames;
}
Words last_names() {
  return kLastNames;
}
Words handle_words() {
  return kHandleWords;
}
Words emoji() {
  return kEmoji;
}
Words news_domains() {
  return kNewsDomains;
}
Words tlds() {
  return kTlds;
}
Words quotes() {
  return kQuotes;
}
Words quote_lead_ins() {
  return kQuoteLeadIns;
}
Words fan_replies() {
  return kFanReplies;
}
Words pile_on_phrases() {
  return kPileOn;
}
Words campaign_phrases() {
  return kCampaignPhrases;
}
Words link_intros() {
  return kLinkIntros;
}
Words event_words() {
  return kEventWords;
}
std::span<const Synonym> synonyms() {
  return kSynonyms;
}
std::span<const Homoglyph> homoglyphs() {
  return kHomoglyphs;
}

}  // namespace lockstep::synth::lexicon
