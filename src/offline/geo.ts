/**
 * Places we recognise in prompts and sketches, and the faker locale whose names fit them.
 * One table so the prompt parser, the name generator, the sketch reader and the generic domain
 * agree on what "Korean", "Seoul" and "KR" mean.
 */

export type LocaleKey =
  | "en_US" | "en_GB" | "en_AU" | "en_CA" | "en_IN" | "en_NG" | "en_ZA" | "en_IE"
  | "ko" | "ja" | "zh_CN" | "zh_TW" | "vi" | "th" | "id_ID"
  | "de" | "fr" | "es" | "es_MX" | "it" | "pt_BR" | "pt_PT" | "nl" | "pl" | "sv" | "nb_NO" | "da" | "fi"
  | "ru" | "uk" | "tr" | "cs_CZ" | "ro" | "hu" | "el" | "ar" | "fa";

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
  { code: "KE", name: "Kenya", demonym: "Kenyan", locale: "en_NG", cities: ["Nairobi", "Mombasa", "Kisumu"], aliases: ["kenya", "kenyan", "nairobi"] },
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

/** A place value from a blueprint (server code, ISO code, country or city name) → its country. */
export function countryForPlace(place: string): Country | undefined {
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
