/**
 * Places we recognise in prompts and sketches, and the faker locale whose names fit them.
 * One table so the prompt parser, the name generator, the sketch reader and the generic domain
 * agree on what "Korean", "Seoul" and "KR" mean.
 */

export type LocaleKey =
  | "en_US" | "en_GB" | "en_AU" | "en_CA" | "en_IN" | "en_NG" | "en_ZA" | "en_IE"
  | "ko" | "ja" | "zh_CN" | "zh_TW" | "vi" | "th" | "id_ID"
  | "de" | "fr" | "es" | "es_MX" | "it" | "pt_BR" | "pt_PT" | "nl" | "pl" | "sv" | "nb_NO" | "da" | "fi"
  | "ru" | "uk" | "tr" | "cs_CZ" | "ro" | "hu" | "el" | "ar" | "fa"
  /** Not a faker locale: Kenyan names are our own curated list (see names.ts). */
  | "en_KE";

export interface Country {
  /** ISO 3166-1 alpha-2. */
  code: string;
  name: string;
  demonym: string;
  locale: LocaleKey;
  cities: readonly string[];
  /** Lower-case words that point at this country in free text (names, demonyms, plurals, big cities). */
  aliases: readonly string[];
}

/**
 * States, provinces and home nations, matched case-sensitively in sketches ("lighthouse keeper in
 * Maine"), so a sketch naming a region rather than a city still gets its country.
 */
export const REGIONS: Readonly<Record<string, readonly string[]>> = {
  US: ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming", "Brooklyn", "Portland", "San Francisco", "Detroit", "Miami", "Nashville", "New Orleans", "Philadelphia", "Minneapolis", "Pittsburgh", "Baltimore", "Las Vegas", "San Diego", "Dallas", "Houston"],
  GB: ["England", "Scotland", "Wales", "Northern Ireland", "Yorkshire", "Cornwall", "Devon", "Kent", "Essex", "Lancashire", "Liverpool", "Newcastle", "Sheffield", "Edinburgh", "Cardiff", "Belfast", "Nottingham", "Oxford", "Cambridge", "Brighton", "York", "Aberdeen", "Leicester", "Coventry"],
  CA: ["Ontario", "Quebec", "British Columbia", "Alberta", "Manitoba", "Saskatchewan", "Nova Scotia", "New Brunswick", "Newfoundland", "Halifax", "Winnipeg", "Edmonton"],
  AU: ["New South Wales", "Queensland", "Tasmania", "Western Australia", "South Australia", "Victoria", "Canberra", "Hobart", "Darwin"],
  IN: ["Kerala", "Punjab", "Goa", "Gujarat", "Rajasthan", "Tamil Nadu", "Maharashtra", "Kolkata", "Jaipur", "Ahmedabad"],
  DE: ["Bavaria", "Saxony", "Dresden", "Frankfurt", "Düsseldorf", "Bremen", "Hanover"],
  FR: ["Brittany", "Normandy", "Provence", "Bordeaux", "Nice", "Strasbourg"],
  ES: ["Catalonia", "Andalusia", "Galicia", "Málaga", "Granada", "Zaragoza"],
  IT: ["Sicily", "Tuscany", "Florence", "Venice", "Genoa", "Palermo"],
  JP: ["Kyoto", "Hokkaido", "Okinawa", "Kobe", "Yokohama", "Hiroshima", "Nara"],
  MX: ["Oaxaca", "Yucatán", "Cancún", "Tijuana"],
  BR: ["Bahia", "Salvador", "Brasília", "Fortaleza", "Manaus"],
  NG: ["Kano", "Enugu", "Benin City"],
  IE: ["Limerick", "Kerry", "Donegal"],
  NO: ["Tromsø", "Stavanger", "Lofoten", "Ålesund"],
  SE: ["Lapland", "Kiruna", "Gotland"],
};

export const COUNTRIES: readonly Country[] = [
  { code: "US", name: "the United States", demonym: "American", locale: "en_US", cities: ["Chicago", "Austin", "Seattle", "Atlanta", "Denver", "Columbus", "Phoenix", "Boston"], aliases: ["usa", "u.s.", "us", "united states", "america", "american", "americans", "new york", "los angeles", "chicago", "texas", "california", "ohio", "florida"] },
  { code: "CA", name: "Canada", demonym: "Canadian", locale: "en_CA", cities: ["Toronto", "Montreal", "Vancouver", "Calgary", "Ottawa"], aliases: ["canada", "canadian", "canadians", "toronto", "vancouver", "montreal"] },
  { code: "GB", name: "the United Kingdom", demonym: "British", locale: "en_GB", cities: ["Manchester", "Leeds", "Bristol", "Glasgow", "London", "Birmingham"], aliases: ["uk", "united kingdom", "britain", "british", "england", "english", "scotland", "scottish", "wales", "london", "manchester"] },
  { code: "IE", name: "Ireland", demonym: "Irish", locale: "en_IE", cities: ["Dublin", "Cork", "Galway"], aliases: ["ireland", "irish", "dublin"] },
  { code: "AU", name: "Australia", demonym: "Australian", locale: "en_AU", cities: ["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide"], aliases: ["australia", "australian", "australians", "aussie", "sydney", "melbourne"] },
  { code: "IN", name: "India", demonym: "Indian", locale: "en_IN", cities: ["Bengaluru", "Mumbai", "Pune", "Hyderabad", "Chennai", "Delhi"], aliases: ["india", "indian", "indians", "mumbai", "delhi", "bangalore", "bengaluru"] },
  { code: "NG", name: "Nigeria", demonym: "Nigerian", locale: "en_NG", cities: ["Lagos", "Abuja", "Ibadan", "Port Harcourt"], aliases: ["nigeria", "nigerian", "nigerians", "lagos"] },
  { code: "ZA", name: "South Africa", demonym: "South African", locale: "en_ZA", cities: ["Johannesburg", "Cape Town", "Durban", "Pretoria"], aliases: ["south africa", "south african", "johannesburg", "cape town"] },
  { code: "KR", name: "South Korea", demonym: "Korean", locale: "ko", cities: ["Seoul", "Busan", "Incheon", "Daegu", "Gwangju", "Daejeon"], aliases: ["korea", "south korea", "korean", "koreans", "seoul", "busan"] },
  { code: "JP", name: "Japan", demonym: "Japanese", locale: "ja", cities: ["Tokyo", "Osaka", "Nagoya", "Fukuoka", "Sapporo"], aliases: ["japan", "japanese", "tokyo", "osaka"] },
  { code: "CN", name: "China", demonym: "Chinese", locale: "zh_CN", cities: ["Shanghai", "Chengdu", "Beijing", "Shenzhen", "Wuhan", "Hangzhou"], aliases: ["china", "chinese", "beijing", "shanghai"] },
  { code: "TW", name: "Taiwan", demonym: "Taiwanese", locale: "zh_TW", cities: ["Taipei", "Taichung", "Kaohsiung", "Tainan"], aliases: ["taiwan", "taiwanese", "taipei"] },
  { code: "VN", name: "Vietnam", demonym: "Vietnamese", locale: "vi", cities: ["Hanoi", "Ho Chi Minh City", "Da Nang", "Hai Phong"], aliases: ["vietnam", "viet nam", "vietnamese", "hanoi", "saigon"] },
  { code: "TH", name: "Thailand", demonym: "Thai", locale: "th", cities: ["Bangkok", "Chiang Mai", "Khon Kaen", "Phuket"], aliases: ["thailand", "thai", "bangkok"] },
  { code: "ID", name: "Indonesia", demonym: "Indonesian", locale: "id_ID", cities: ["Jakarta", "Surabaya", "Bandung", "Medan"], aliases: ["indonesia", "indonesian", "jakarta"] },
  { code: "PH", name: "the Philippines", demonym: "Filipino", locale: "en_US", cities: ["Manila", "Quezon City", "Cebu City", "Davao City"], aliases: ["philippines", "filipino", "filipina", "manila"] },
  { code: "SG", name: "Singapore", demonym: "Singaporean", locale: "en_US", cities: ["Singapore"], aliases: ["singapore", "singaporean"] },
  { code: "DE", name: "Germany", demonym: "German", locale: "de", cities: ["Berlin", "Hamburg", "Munich", "Cologne", "Leipzig", "Stuttgart"], aliases: ["germany", "german", "germans", "berlin", "munich", "hamburg"] },
  { code: "FR", name: "France", demonym: "French", locale: "fr", cities: ["Lyon", "Paris", "Marseille", "Toulouse", "Lille", "Nantes"], aliases: ["france", "french", "paris", "lyon", "marseille"] },
  { code: "ES", name: "Spain", demonym: "Spanish", locale: "es", cities: ["Madrid", "Barcelona", "Valencia", "Seville", "Bilbao"], aliases: ["spain", "spanish", "madrid", "barcelona"] },
  { code: "IT", name: "Italy", demonym: "Italian", locale: "it", cities: ["Milan", "Rome", "Turin", "Naples", "Bologna"], aliases: ["italy", "italian", "italians", "rome", "milan"] },
  { code: "PT", name: "Portugal", demonym: "Portuguese", locale: "pt_PT", cities: ["Lisbon", "Porto", "Braga", "Coimbra"], aliases: ["portugal", "portuguese", "lisbon", "porto"] },
  { code: "NL", name: "the Netherlands", demonym: "Dutch", locale: "nl", cities: ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"], aliases: ["netherlands", "dutch", "holland", "amsterdam"] },
  { code: "SE", name: "Sweden", demonym: "Swedish", locale: "sv", cities: ["Stockholm", "Gothenburg", "Malmö", "Uppsala"], aliases: ["sweden", "swedish", "swede", "swedes", "stockholm"] },
  { code: "NO", name: "Norway", demonym: "Norwegian", locale: "nb_NO", cities: ["Oslo", "Bergen", "Trondheim"], aliases: ["norway", "norwegian", "oslo"] },
  { code: "DK", name: "Denmark", demonym: "Danish", locale: "da", cities: ["Copenhagen", "Aarhus", "Odense"], aliases: ["denmark", "danish", "dane", "danes", "copenhagen"] },
  { code: "FI", name: "Finland", demonym: "Finnish", locale: "fi", cities: ["Helsinki", "Tampere", "Turku", "Oulu"], aliases: ["finland", "finnish", "finn", "finns", "helsinki"] },
  { code: "PL", name: "Poland", demonym: "Polish", locale: "pl", cities: ["Warsaw", "Kraków", "Wrocław", "Gdańsk", "Poznań"], aliases: ["poland", "polish", "pole", "poles", "warsaw", "krakow"] },
  { code: "CZ", name: "Czechia", demonym: "Czech", locale: "cs_CZ", cities: ["Prague", "Brno", "Ostrava"], aliases: ["czechia", "czech republic", "czech", "prague"] },
  { code: "RO", name: "Romania", demonym: "Romanian", locale: "ro", cities: ["Bucharest", "Cluj-Napoca", "Iași", "Timișoara"], aliases: ["romania", "romanian", "bucharest"] },
  { code: "HU", name: "Hungary", demonym: "Hungarian", locale: "hu", cities: ["Budapest", "Debrecen", "Szeged"], aliases: ["hungary", "hungarian", "budapest"] },
  { code: "GR", name: "Greece", demonym: "Greek", locale: "el", cities: ["Athens", "Thessaloniki", "Patras"], aliases: ["greece", "greek", "athens"] },
  { code: "UA", name: "Ukraine", demonym: "Ukrainian", locale: "uk", cities: ["Kyiv", "Lviv", "Kharkiv", "Odesa"], aliases: ["ukraine", "ukrainian", "kyiv", "kiev"] },
  { code: "RU", name: "Russia", demonym: "Russian", locale: "ru", cities: ["Moscow", "Saint Petersburg", "Kazan", "Novosibirsk"], aliases: ["russia", "russian", "russians", "moscow"] },
  { code: "TR", name: "Turkey", demonym: "Turkish", locale: "tr", cities: ["Istanbul", "Ankara", "Izmir", "Bursa"], aliases: ["turkey", "türkiye", "turkiye", "turkish", "turk", "turks", "istanbul", "ankara"] },
  { code: "EG", name: "Egypt", demonym: "Egyptian", locale: "ar", cities: ["Cairo", "Alexandria", "Giza"], aliases: ["egypt", "egyptian", "cairo"] },
  { code: "SA", name: "Saudi Arabia", demonym: "Saudi", locale: "ar", cities: ["Riyadh", "Jeddah", "Dammam"], aliases: ["saudi arabia", "saudi", "riyadh"] },
  { code: "IR", name: "Iran", demonym: "Iranian", locale: "fa", cities: ["Tehran", "Isfahan", "Shiraz", "Tabriz"], aliases: ["iran", "iranian", "persian", "tehran"] },
  { code: "PK", name: "Pakistan", demonym: "Pakistani", locale: "en_IN", cities: ["Karachi", "Lahore", "Islamabad"], aliases: ["pakistan", "pakistani", "karachi", "lahore"] },
  { code: "BD", name: "Bangladesh", demonym: "Bangladeshi", locale: "en_IN", cities: ["Dhaka", "Chittagong", "Khulna"], aliases: ["bangladesh", "bangladeshi", "dhaka"] },
  { code: "ET", name: "Ethiopia", demonym: "Ethiopian", locale: "en_NG", cities: ["Addis Ababa", "Dire Dawa", "Mekelle"], aliases: ["ethiopia", "ethiopian", "addis ababa"] },
  { code: "CD", name: "the DR Congo", demonym: "Congolese", locale: "fr", cities: ["Kinshasa", "Lubumbashi", "Goma"], aliases: ["congo", "drc", "congolese", "kinshasa"] },
  { code: "KE", name: "Kenya", demonym: "Kenyan", locale: "en_KE", cities: ["Nairobi", "Mombasa", "Kisumu"], aliases: ["kenya", "kenyan", "nairobi"] },
  { code: "MX", name: "Mexico", demonym: "Mexican", locale: "es_MX", cities: ["Mexico City", "Guadalajara", "Monterrey", "Puebla"], aliases: ["mexico", "mexican", "mexicans", "guadalajara", "monterrey"] },
  { code: "CO", name: "Colombia", demonym: "Colombian", locale: "es_MX", cities: ["Bogotá", "Medellín", "Cali"], aliases: ["colombia", "colombian", "bogota", "medellin"] },
  { code: "PE", name: "Peru", demonym: "Peruvian", locale: "es_MX", cities: ["Lima", "Arequipa", "Trujillo"], aliases: ["peru", "peruvian", "lima"] },
  { code: "AR", name: "Argentina", demonym: "Argentine", locale: "es", cities: ["Buenos Aires", "Córdoba", "Rosario", "Mendoza"], aliases: ["argentina", "argentine", "argentinian", "buenos aires"] },
  { code: "CL", name: "Chile", demonym: "Chilean", locale: "es", cities: ["Santiago", "Valparaíso", "Concepción"], aliases: ["chile", "chilean", "santiago"] },
  { code: "BR", name: "Brazil", demonym: "Brazilian", locale: "pt_BR", cities: ["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Recife", "Porto Alegre"], aliases: ["brazil", "brasil", "brazilian", "brazilians", "sao paulo", "são paulo", "rio de janeiro"] },
];

const BY_CODE = new Map(COUNTRIES.map((country) => [country.code, country]));

export function countryByCode(code: string): Country | undefined {
  return BY_CODE.get(code.toUpperCase());
}

/** Larger areas a prompt may name; each expands to its countries. */
export const AREAS: Readonly<Record<string, readonly string[]>> = {
  europe: ["DE", "FR", "GB", "ES", "IT", "PL", "NL", "SE", "RO", "PT", "CZ", "GR", "HU"],
  "western europe": ["DE", "FR", "GB", "ES", "IT", "NL", "PT", "IE"],
  "eastern europe": ["PL", "RO", "UA", "CZ", "HU", "RU"],
  scandinavia: ["SE", "NO", "DK", "FI"],
  nordic: ["SE", "NO", "DK", "FI"],
  asia: ["CN", "IN", "ID", "JP", "KR", "VN", "TH", "PH", "PK", "BD"],
  "east asia": ["CN", "JP", "KR", "TW"],
  "southeast asia": ["ID", "VN", "TH", "PH", "SG"],
  "latin america": ["BR", "MX", "CO", "AR", "PE", "CL"],
  "south america": ["BR", "CO", "AR", "PE", "CL"],
  "north america": ["US", "CA", "MX"],
  africa: ["NG", "ET", "EG", "CD", "ZA", "KE"],
  "middle east": ["TR", "IR", "SA", "EG"],
  oceania: ["AU"],
};

/**
 * League of Legends servers and the countries they serve. Name locales follow the countries;
 * shares inside a server are rough population proportions, used only to pick a name's origin.
 */
export const LOL_SERVER_COUNTRIES: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>> = {
  NA: [["US", 0.85], ["CA", 0.15]],
  EUW: [["FR", 0.22], ["DE", 0.22], ["ES", 0.18], ["GB", 0.16], ["IT", 0.1], ["PT", 0.05], ["NL", 0.07]],
  EUNE: [["PL", 0.45], ["RO", 0.2], ["CZ", 0.1], ["HU", 0.1], ["GR", 0.1], ["SE", 0.05]],
  KR: [["KR", 1]],
  BR: [["BR", 1]],
  LAN: [["MX", 0.7], ["CO", 0.3]],
  LAS: [["AR", 0.55], ["CL", 0.3], ["PE", 0.15]],
  OCE: [["AU", 1]],
  JP: [["JP", 1]],
  TR: [["TR", 1]],
  RU: [["RU", 1]],
  VN: [["VN", 1]],
  TW: [["TW", 1]],
  PH: [["PH", 1]],
  SG: [["SG", 1]],
  TH: [["TH", 1]],
  SEA: [["PH", 0.4], ["TH", 0.35], ["SG", 0.25]],
  CN: [["CN", 1]],
};

/** Answers by place value: a population asks about the same few values for every persona. */
const countryByPlace = new Map<string, Country | undefined>();
/** Values remembered at most (a caller's values are open text); past it the memory starts again. */
const REMEMBERED_PLACES = 10_000;

/** A place value from a blueprint (server code, ISO code, country or city name) → its country. */
export function countryForPlace(place: string): Country | undefined {
  if (countryByPlace.has(place)) return countryByPlace.get(place);
  const country = findCountryForPlace(place);
  if (countryByPlace.size >= REMEMBERED_PLACES) countryByPlace.clear();
  countryByPlace.set(place, country);
  return country;
}

/** Scans every country's name, cities and aliases: what `countryForPlace` remembers. */
function findCountryForPlace(place: string): Country | undefined {
  const trimmed = place.trim();
  const byCode = BY_CODE.get(trimmed.toUpperCase());
  if (byCode && trimmed.length === 2) return byCode;
  const lower = trimmed.toLowerCase();
  for (const country of COUNTRIES) {
    if (country.name.toLowerCase().replace(/^the /, "") === lower.replace(/^the /, "")) return country;
  }
  for (const country of COUNTRIES) {
    if (country.cities.some((city) => city.toLowerCase() === lower) || country.aliases.includes(lower)) return country;
  }
  return undefined;
}

// ---------------------------------------------------------------- cities and regions named in prompts

/**
 * A city or a region (state, province, home nation, metro area) a prompt can name. A city's
 * `cities` is itself; a region's are its largest cities, where its personas will live.
 */
export interface Place {
  name: string;
  kind: "city" | "region";
  /** ISO alpha-2 code of the country it is in. */
  country: string;
  /** The state or province a city is in, when we know it ("Seattle" → "Washington"). */
  region?: string;
  cities: readonly string[];
}

/**
 * US states (and DC) with their largest cities, U.S. Census Bureau city population estimates
 * (Vintage 2023), abridged to the three to five best known. `|` separates a name from its aliases.
 * A city name belongs to one state only (Portland is Oregon's), so a city always says its state.
 */
const US_STATES: Readonly<Record<string, readonly string[]>> = {
  Alabama: ["Huntsville", "Montgomery", "Mobile", "Tuscaloosa"],
  Alaska: ["Anchorage", "Fairbanks", "Juneau"],
  Arizona: ["Phoenix", "Tucson", "Mesa", "Scottsdale", "Flagstaff"],
  Arkansas: ["Little Rock", "Fayetteville", "Fort Smith"],
  California: ["Los Angeles|LA", "San Diego", "San Jose", "San Francisco", "Sacramento", "Fresno", "Oakland"],
  Colorado: ["Denver", "Colorado Springs", "Aurora", "Boulder", "Fort Collins"],
  Connecticut: ["Hartford", "New Haven", "Stamford", "Bridgeport"],
  Delaware: ["Wilmington", "Dover", "Middletown"],
  "District of Columbia|Washington DC|Washington D.C.|Washington, D.C.|D.C.": ["Washington, D.C."],
  Florida: ["Miami", "Orlando", "Tampa", "Jacksonville", "Tallahassee", "Fort Lauderdale"],
  Georgia: ["Atlanta", "Savannah", "Augusta", "Macon"],
  Hawaii: ["Honolulu", "Hilo", "Kailua"],
  Idaho: ["Boise", "Idaho Falls", "Pocatello"],
  Illinois: ["Chicago", "Springfield", "Naperville", "Peoria", "Rockford"],
  Indiana: ["Indianapolis", "Fort Wayne", "Bloomington", "South Bend"],
  Iowa: ["Des Moines", "Cedar Rapids", "Iowa City", "Davenport"],
  Kansas: ["Wichita", "Topeka", "Overland Park", "Lawrence"],
  Kentucky: ["Louisville", "Lexington", "Bowling Green"],
  Louisiana: ["New Orleans", "Baton Rouge", "Shreveport", "Lafayette"],
  Maine: ["Bangor", "Lewiston", "Brunswick"],
  Maryland: ["Baltimore", "Annapolis", "Frederick", "Rockville"],
  Massachusetts: ["Boston", "Worcester", "Cambridge", "Lowell"],
  Michigan: ["Detroit", "Grand Rapids", "Ann Arbor", "Lansing", "Flint"],
  Minnesota: ["Minneapolis", "Saint Paul|St. Paul", "Duluth", "St. Cloud"],
  Mississippi: ["Jackson", "Gulfport", "Hattiesburg"],
  Missouri: ["Kansas City", "Saint Louis|St. Louis|St Louis", "Joplin"],
  Montana: ["Billings", "Missoula", "Bozeman", "Helena"],
  Nebraska: ["Omaha", "Lincoln"],
  Nevada: ["Las Vegas", "Reno", "Henderson"],
  "New Hampshire": ["Manchester", "Nashua", "Concord"],
  "New Jersey": ["Newark", "Jersey City", "Trenton", "Hoboken"],
  "New Mexico": ["Albuquerque", "Santa Fe", "Las Cruces"],
  "New York State|upstate New York": ["New York City|NYC|New York|Manhattan|Brooklyn|Queens|the Bronx", "Buffalo", "Rochester", "Albany", "Syracuse"],
  "North Carolina": ["Charlotte", "Raleigh", "Durham", "Greensboro", "Asheville"],
  "North Dakota": ["Fargo", "Bismarck", "Grand Forks"],
  Ohio: ["Columbus", "Cleveland", "Cincinnati", "Toledo", "Akron", "Dayton"],
  Oklahoma: ["Oklahoma City", "Tulsa", "Norman"],
  Oregon: ["Portland", "Eugene", "Salem", "Bend"],
  Pennsylvania: ["Philadelphia|Philly", "Pittsburgh", "Harrisburg", "Allentown", "Erie"],
  "Rhode Island": ["Providence", "Warwick", "Newport"],
  "South Carolina": ["Charleston", "Columbia", "Greenville"],
  "South Dakota": ["Sioux Falls", "Rapid City"],
  Tennessee: ["Nashville", "Memphis", "Knoxville", "Chattanooga"],
  Texas: ["Houston", "San Antonio", "Dallas", "Austin", "Fort Worth", "El Paso"],
  Utah: ["Salt Lake City", "Provo", "Ogden"],
  Vermont: ["Burlington", "Montpelier", "Rutland"],
  Virginia: ["Virginia Beach", "Richmond", "Norfolk", "Arlington", "Alexandria"],
  "Washington|Washington State": ["Seattle", "Spokane", "Tacoma", "Bellevue", "Olympia"],
  "West Virginia": ["Huntington", "Morgantown", "Wheeling"],
  Wisconsin: ["Milwaukee", "Madison", "Green Bay"],
  Wyoming: ["Cheyenne", "Casper", "Laramie"],
};

/** US areas larger than a city that prompts name, with their largest cities. */
const US_AREAS: Readonly<Record<string, readonly string[]>> = {
  "Pacific Northwest|PNW": ["Seattle", "Portland", "Tacoma", "Spokane", "Eugene"],
  "New England": ["Boston", "Providence", "Hartford", "Worcester", "Burlington"],
  "Midwest|the Midwest|Midwestern": ["Chicago", "Detroit", "Minneapolis", "Columbus", "Indianapolis", "Milwaukee", "Saint Louis"],
  "Bay Area|San Francisco Bay Area": ["San Francisco", "Oakland", "San Jose", "Berkeley"],
  "Silicon Valley": ["San Jose", "Palo Alto", "Mountain View", "Sunnyvale"],
  "Southern California|SoCal": ["Los Angeles", "San Diego", "Long Beach", "Irvine"],
  "Deep South|American South|the South": ["Atlanta", "New Orleans", "Nashville", "Memphis", "Jackson", "Montgomery"],
  "Rust Belt": ["Pittsburgh", "Cleveland", "Detroit", "Buffalo", "Toledo"],
  "Southwest|American Southwest": ["Phoenix", "Albuquerque", "Tucson", "Las Vegas", "El Paso"],
  Appalachia: ["Knoxville", "Asheville", "Morgantown", "Huntington"],
  "Sun Belt": ["Phoenix", "Atlanta", "Houston", "Miami", "Dallas"],
  "Twin Cities": ["Minneapolis", "Saint Paul"],
};

/**
 * Regions elsewhere (states, provinces, home nations) with their largest cities; the first city
 * of each list is the capital or the best-known city.
 */
const WORLD_REGIONS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  GB: { England: ["London", "Manchester", "Birmingham", "Leeds", "Bristol", "Liverpool"], Scotland: ["Glasgow", "Edinburgh", "Aberdeen", "Dundee"], Wales: ["Cardiff", "Swansea", "Newport"], "Northern Ireland": ["Belfast", "Derry"], Yorkshire: ["Leeds", "Sheffield", "York", "Bradford"], Cornwall: ["Truro", "Falmouth", "Penzance"] },
  CA: { Ontario: ["Toronto", "Ottawa", "Hamilton", "London"], Quebec: ["Montreal", "Quebec City", "Laval", "Gatineau"], "British Columbia|BC": ["Vancouver", "Victoria", "Surrey", "Kelowna"], Alberta: ["Calgary", "Edmonton", "Red Deer"], Manitoba: ["Winnipeg", "Brandon"], Saskatchewan: ["Saskatoon", "Regina"], "Nova Scotia": ["Halifax", "Sydney"], "New Brunswick": ["Moncton", "Saint John", "Fredericton"], Newfoundland: ["St. John's", "Corner Brook"] },
  AU: { "New South Wales|NSW": ["Sydney", "Newcastle", "Wollongong"], Queensland: ["Brisbane", "Gold Coast", "Cairns", "Townsville"], Victoria: ["Melbourne", "Geelong", "Ballarat"], "Western Australia": ["Perth", "Fremantle", "Bunbury"], "South Australia": ["Adelaide", "Mount Gambier"], Tasmania: ["Hobart", "Launceston"] },
  IN: { Maharashtra: ["Mumbai", "Pune", "Nagpur"], Karnataka: ["Bengaluru", "Mysuru", "Mangaluru"], "Tamil Nadu": ["Chennai", "Coimbatore", "Madurai"], Kerala: ["Kochi", "Thiruvananthapuram", "Kozhikode"], Punjab: ["Ludhiana", "Amritsar", "Jalandhar"], Gujarat: ["Ahmedabad", "Surat", "Vadodara"], Rajasthan: ["Jaipur", "Jodhpur", "Udaipur"], "West Bengal": ["Kolkata", "Howrah", "Siliguri"], Telangana: ["Hyderabad", "Warangal"], "Uttar Pradesh": ["Lucknow", "Kanpur", "Varanasi", "Agra"] },
  DE: { "Bavaria|Bayern": ["Munich", "Nuremberg", "Augsburg", "Regensburg"], Saxony: ["Dresden", "Leipzig", "Chemnitz"], "North Rhine-Westphalia|NRW": ["Cologne", "Düsseldorf", "Dortmund", "Essen"], "Baden-Württemberg": ["Stuttgart", "Karlsruhe", "Freiburg", "Heidelberg"] },
  FR: { Brittany: ["Rennes", "Brest", "Quimper"], Normandy: ["Rouen", "Caen", "Le Havre"], Provence: ["Marseille", "Aix-en-Provence", "Avignon"], "Île-de-France": ["Paris", "Versailles", "Saint-Denis"], Alsace: ["Strasbourg", "Mulhouse", "Colmar"] },
  ES: { "Catalonia|Cataluña": ["Barcelona", "Girona", "Tarragona"], Andalusia: ["Seville", "Málaga", "Granada", "Córdoba"], Galicia: ["Vigo", "A Coruña", "Santiago de Compostela"], "Basque Country": ["Bilbao", "San Sebastián", "Vitoria-Gasteiz"] },
  IT: { Sicily: ["Palermo", "Catania", "Messina"], Tuscany: ["Florence", "Pisa", "Siena"], Lombardy: ["Milan", "Bergamo", "Brescia"], Sardinia: ["Cagliari", "Sassari"] },
  JP: { Hokkaido: ["Sapporo", "Asahikawa", "Hakodate"], Okinawa: ["Naha", "Okinawa City"], Kansai: ["Osaka", "Kyoto", "Kobe", "Nara"], Kyushu: ["Fukuoka", "Kumamoto", "Kagoshima"] },
  BR: { Bahia: ["Salvador", "Feira de Santana"], "Minas Gerais": ["Belo Horizonte", "Uberlândia"], "Rio Grande do Sul": ["Porto Alegre", "Caxias do Sul"] },
  MX: { Oaxaca: ["Oaxaca City"], "Yucatán": ["Mérida", "Valladolid"], Jalisco: ["Guadalajara", "Puerto Vallarta"] },
  CN: { Guangdong: ["Guangzhou", "Shenzhen", "Dongguan"], Sichuan: ["Chengdu", "Mianyang"], Zhejiang: ["Hangzhou", "Ningbo", "Wenzhou"] },
  NG: { "Lagos State": ["Lagos", "Ikeja", "Lekki"] },
};

/** Well-known cities beyond each country's default list in `COUNTRIES` (recognised, never sampled unnamed). */
const WORLD_CITIES: Readonly<Record<string, readonly string[]>> = {
  GB: ["London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Edinburgh", "Liverpool", "Bristol", "Sheffield", "Newcastle", "Cardiff", "Belfast", "Nottingham", "Leicester", "Oxford", "Cambridge", "Brighton", "York", "Aberdeen", "Coventry", "Southampton", "Plymouth", "Norwich"],
  CA: ["Toronto", "Montreal|Montréal", "Vancouver", "Calgary", "Ottawa", "Edmonton", "Winnipeg", "Quebec City", "Halifax", "Hamilton", "Saskatoon", "Regina"],
  AU: ["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Canberra", "Hobart", "Darwin", "Gold Coast", "Newcastle"],
  IE: ["Dublin", "Cork", "Galway", "Limerick", "Waterford"],
  IN: ["Mumbai|Bombay", "Delhi|New Delhi", "Bengaluru|Bangalore", "Hyderabad", "Chennai|Madras", "Kolkata|Calcutta", "Pune", "Ahmedabad", "Jaipur", "Lucknow", "Kochi", "Surat", "Chandigarh", "Indore", "Goa"],
  NG: ["Lagos", "Abuja", "Ibadan", "Port Harcourt", "Kano", "Enugu", "Benin City", "Kaduna"],
  ZA: ["Johannesburg", "Cape Town", "Durban", "Pretoria", "Port Elizabeth|Gqeberha", "Bloemfontein", "Soweto"],
  KE: ["Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret"],
  ET: ["Addis Ababa", "Dire Dawa", "Mekelle", "Bahir Dar"],
  EG: ["Cairo", "Alexandria", "Giza", "Luxor", "Aswan"],
  KR: ["Seoul", "Busan", "Incheon", "Daegu", "Gwangju", "Daejeon", "Ulsan", "Suwon"],
  JP: ["Tokyo", "Osaka", "Kyoto", "Yokohama", "Nagoya", "Sapporo", "Fukuoka", "Kobe", "Hiroshima", "Sendai"],
  CN: ["Beijing|Peking", "Shanghai", "Guangzhou", "Shenzhen", "Chengdu", "Wuhan", "Hangzhou", "Xi'an", "Chongqing", "Nanjing", "Tianjin", "Hong Kong"],
  TW: ["Taipei", "Taichung", "Kaohsiung", "Tainan", "Hsinchu"],
  VN: ["Hanoi", "Ho Chi Minh City|Saigon", "Da Nang", "Hai Phong", "Hue", "Can Tho"],
  TH: ["Bangkok", "Chiang Mai", "Phuket", "Pattaya", "Khon Kaen"],
  ID: ["Jakarta", "Surabaya", "Bandung", "Medan", "Yogyakarta", "Denpasar", "Semarang"],
  PH: ["Manila", "Quezon City", "Cebu City|Cebu", "Davao City|Davao", "Makati"],
  SG: ["Singapore"],
  DE: ["Berlin", "Hamburg", "Munich|München", "Cologne|Köln", "Frankfurt", "Stuttgart", "Düsseldorf", "Leipzig", "Dresden", "Hanover|Hannover", "Nuremberg|Nürnberg", "Bremen", "Bonn", "Heidelberg"],
  FR: ["Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Strasbourg", "Montpellier", "Bordeaux", "Lille", "Rennes", "Grenoble"],
  ES: ["Madrid", "Barcelona", "Valencia", "Seville|Sevilla", "Zaragoza", "Málaga", "Bilbao", "Granada", "Palma", "Alicante"],
  IT: ["Rome|Roma", "Milan|Milano", "Naples|Napoli", "Turin|Torino", "Palermo", "Genoa|Genova", "Bologna", "Florence|Firenze", "Venice|Venezia", "Verona", "Bari"],
  PT: ["Lisbon|Lisboa", "Porto|Oporto", "Braga", "Coimbra", "Faro"],
  NL: ["Amsterdam", "Rotterdam", "The Hague|Den Haag", "Utrecht", "Eindhoven", "Groningen"],
  SE: ["Stockholm", "Gothenburg|Göteborg", "Malmö", "Uppsala"],
  NO: ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø"],
  DK: ["Copenhagen", "Aarhus", "Odense", "Aalborg"],
  FI: ["Helsinki", "Espoo", "Tampere", "Turku", "Oulu"],
  PL: ["Warsaw|Warszawa", "Kraków|Krakow|Cracow", "Wrocław", "Gdańsk", "Poznań", "Łódź"],
  CZ: ["Prague|Praha", "Brno", "Ostrava", "Plzeň"],
  RO: ["Bucharest", "Cluj-Napoca", "Iași", "Timișoara", "Constanța"],
  HU: ["Budapest", "Debrecen", "Szeged", "Pécs"],
  GR: ["Athens", "Thessaloniki", "Patras", "Heraklion"],
  UA: ["Kyiv|Kiev", "Lviv", "Kharkiv", "Odesa|Odessa", "Dnipro"],
  RU: ["Moscow", "Saint Petersburg|St. Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg"],
  TR: ["Istanbul", "Ankara", "Izmir", "Bursa", "Antalya"],
  SA: ["Riyadh", "Jeddah", "Dammam", "Mecca", "Medina"],
  IR: ["Tehran", "Isfahan", "Shiraz", "Tabriz", "Mashhad"],
  PK: ["Karachi", "Lahore", "Islamabad", "Faisalabad", "Peshawar"],
  BD: ["Dhaka", "Chittagong", "Khulna", "Sylhet"],
  CD: ["Kinshasa", "Lubumbashi", "Goma"],
  MX: ["Mexico City|CDMX", "Guadalajara", "Monterrey", "Puebla", "Tijuana", "Cancún", "Mérida", "Oaxaca"],
  CO: ["Bogotá", "Medellín", "Cali", "Barranquilla", "Cartagena"],
  PE: ["Lima", "Arequipa", "Trujillo", "Cusco"],
  AR: ["Buenos Aires", "Córdoba", "Rosario", "Mendoza"],
  CL: ["Santiago", "Valparaíso", "Concepción"],
  BR: ["São Paulo", "Rio de Janeiro|Rio", "Belo Horizonte", "Brasília", "Salvador", "Fortaleza", "Curitiba", "Recife", "Porto Alegre", "Manaus"],
};

/**
 * Names that are also ordinary words or given names ("Nice", "Reading", "Jackson"): they count as
 * places only when capitalised and right after a place preposition ("baristas in Nice").
 */
const AMBIGUOUS_PLACES = new Set([
  "nice", "reading", "mobile", "bath", "split", "orange", "phoenix", "jackson", "lincoln", "madison", "charlotte", "victoria",
  "georgia", "virginia", "austin", "florence", "aurora", "columbia", "columbus", "augusta", "dover", "concord", "salem",
  "norman", "erie", "bend", "helena", "regina", "sydney", "darwin", "santiago", "mesa", "rio", "la", "bc", "the south",
  "midwestern", "washington", "newport", "lafayette", "alexandria", "arlington", "hamilton", "surrey", "medina", "cebu", "davao", "goa", "hue", "palma", "bari", "dc", "d.c.",
  "southwest", "salvador", "cali", "mecca", "queens", "lincoln", "derry", "bonn", "nara", "mobile",
]);

export function foldPlace(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function namesOf(entry: string): { name: string; aliases: string[] } {
  const [name, ...aliases] = entry.split("|");
  return { name: name as string, aliases: [name as string, ...aliases] };
}

function buildPlaces(): { byKey: Map<string, Place>; all: Place[] } {
  const byKey = new Map<string, Place>();
  const all: Place[] = [];
  const add = (aliases: readonly string[], place: Place) => {
    all.push(place);
    for (const alias of aliases) if (!byKey.has(foldPlace(alias))) byKey.set(foldPlace(alias), place);
  };
  const cityNames = (entries: readonly string[]) => entries.map((entry) => namesOf(entry).name);
  // World cities first: "Birmingham", "Cambridge", "London" are first of all the English ones.
  for (const [code, entries] of Object.entries(WORLD_CITIES)) {
    for (const entry of entries) {
      const { name, aliases } = namesOf(entry);
      const regionEntry = Object.entries(WORLD_REGIONS[code] ?? {}).find(([, cities]) => cities.includes(name))?.[0];
      // "Lagos, Lagos State" says nothing twice over: a region named after its city is left out.
      const region = regionEntry && !namesOf(regionEntry).name.startsWith(name) ? namesOf(regionEntry).name : undefined;
      add(aliases, { name, kind: "city", country: code, cities: [name], ...(region ? { region } : {}) });
    }
  }
  for (const [state, entries] of Object.entries(US_STATES)) {
    const { name: stateName, aliases: stateAliases } = namesOf(state);
    const displayState = stateName === "New York State" ? "New York" : stateName;
    for (const entry of entries) {
      const { name, aliases } = namesOf(entry);
      add(aliases, { name, kind: "city", country: "US", region: displayState, cities: [name] });
    }
    if (stateName !== "District of Columbia") add(stateAliases, { name: displayState, kind: "region", country: "US", region: displayState, cities: cityNames(entries) });
  }
  for (const [area, entries] of Object.entries(US_AREAS)) {
    const { name, aliases } = namesOf(area);
    add(aliases, { name, kind: "region", country: "US", cities: entries });
  }
  for (const [code, regions] of Object.entries(WORLD_REGIONS)) {
    for (const [region, entries] of Object.entries(regions)) {
      const { name, aliases } = namesOf(region);
      add(aliases, { name, kind: "region", country: code, region: name, cities: entries });
    }
  }
  return { byKey, all };
}

const PLACES = buildPlaces();

/** Every place we recognise, cities then regions (a city named in several countries appears once per country). */
export const KNOWN_PLACES: readonly Place[] = PLACES.all;

/** A city or region by any of its names, accents and case ignored ("Lyon", "montréal", "PNW"). */
export function placeByName(name: string): Place | undefined {
  return PLACES.byKey.get(foldPlace(name.trim()));
}

const CITY_IN = new Map<string, Place | undefined>();

/** The city of that name in that country, with its state or province when we know it (memoised: the writer asks per persona). */
export function cityIn(name: string, countryCode: string): Place | undefined {
  const key = `${countryCode}|${name}`;
  if (CITY_IN.has(key)) return CITY_IN.get(key);
  const folded = foldPlace(name.trim());
  const direct = PLACES.byKey.get(folded);
  const found = direct?.kind === "city" && direct.country === countryCode
    ? direct
    : PLACES.all.find((place) => place.kind === "city" && place.country === countryCode && foldPlace(place.name) === folded);
  CITY_IN.set(key, found);
  return found;
}

const PLACE_KEYS = [...PLACES.byKey.keys()].sort((a, b) => b.length - a.length);
const PLACE_PATTERN = new RegExp(`(?<![\\p{L}\\p{N}])(${PLACE_KEYS.map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?![\\p{L}\\p{N}])`, "giu");
const PREPOSITION_BEFORE = /\b(?:in|from|near|around|across|outside|of|at|to|and|throughout)\s+(?:the\s+)?$/i;

/**
 * Cities and regions a text names, in order, accents folded ("Montréal" = "Montreal"). Names that
 * are also common words count only when capitalised after a place preposition ("in Nice").
 */
export function placesNamed(text: string): Place[] {
  const folded = text.normalize("NFD").replace(/\p{M}/gu, "");
  const found: Place[] = [];
  for (const match of folded.matchAll(PLACE_PATTERN)) {
    const written = match[1] as string;
    const key = written.toLowerCase();
    if (AMBIGUOUS_PLACES.has(key)) {
      const capitalised = /^\p{Lu}/u.test(written);
      if (!capitalised || !PREPOSITION_BEFORE.test(folded.slice(0, match.index))) continue;
    }
    const place = PLACES.byKey.get(key);
    if (place && !found.includes(place)) found.push(place);
  }
  return found;
}
