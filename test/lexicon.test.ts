import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLexicon, LEXICON_CATEGORIES, LEXICON_DIR, Lexicon, loadLexiconData, type LexiconCategory } from '../src/lexicon.js';
import { hasCjk, tokenize } from '../src/tokens.js';
import { BoilerstripError } from '../src/errors.js';
import { thrown } from './helpers.js';
import { createRequire } from 'node:module';
import { STOPWORD_LANGUAGES } from '../src/language.js';

const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'ru', 'uk', 'tr', 'id', 'ja', 'zh', 'ko', 'ar', 'he', 'sv', 'da', 'nb', 'fi', 'cs', 'sk', 'hu', 'ro', 'el', 'vi', 'fa', 'bg', 'ca', 'hr', 'sl', 'lt', 'hi'];

/** Every language at once, as the default lexicon matches them: a phrase of one language must not fire on prose of another. */
const lexicon = new Lexicon(loadLexiconData(LANGUAGES));

const hits = (text: string, category: LexiconCategory) => lexicon.match(text).counts[LEXICON_CATEGORIES.indexOf(category)]!;

interface Samples {
  legal: string;
  cta: string;
  related: string;
  prose: string;
}

/** Made-up lines in each language: a copyright or privacy footer, a subscription pitch, a "read also" header, and ordinary news prose. */
const SAMPLES: Record<string, Samples> = {
  de: {
    legal: '© 2024 Mittelland Verlag GmbH. Alle Rechte vorbehalten. Datenschutzerklärung | Impressum',
    cta: 'Jetzt Newsletter abonnieren und keine Ausgabe mehr verpassen!',
    related: 'Lesen Sie auch: Wie die Stadtwerke den Winter überstehen wollen',
    prose: 'Der Gemeinderat hat am Dienstagabend beschlossen, die alte Turnhalle bis zum Herbst zu sanieren.',
  },
  fr: {
    legal: '© 2024 Le Courrier du Val. Tous droits réservés. Politique de confidentialité',
    cta: "Abonnez-vous à notre lettre d'information pour recevoir l'essentiel chaque matin.",
    related: 'Lire aussi : Le festival de jazz dévoile sa programmation',
    prose: 'Le conseil municipal a voté mardi soir la rénovation du vieux gymnase, dont les travaux devraient durer deux ans.',
  },
  es: {
    legal: '© 2024 Diario del Valle S.L. Todos los derechos reservados. Política de privacidad',
    cta: 'Suscríbete a nuestro boletín y recibe cada mañana las noticias más importantes.',
    related: 'Te puede interesar: El ayuntamiento aprueba el nuevo plan de movilidad',
    prose: 'El pleno municipal aprobó el martes la reforma del antiguo polideportivo, cuyas obras durarán dos años.',
  },
  it: {
    legal: '© Riproduzione riservata. Informativa sulla privacy',
    cta: 'Iscriviti alla newsletter per ricevere ogni mattina le notizie della tua città.',
    related: 'Leggi anche: Il comune approva il nuovo piano per le piste ciclabili',
    prose: 'Il consiglio comunale ha approvato martedì sera la ristrutturazione della vecchia palestra, i lavori dureranno due anni.',
  },
  pt: {
    legal: '© 2024 Jornal do Vale. Todos os direitos reservados. Política de privacidade',
    cta: 'Assine já e tenha acesso ilimitado a todo o conteúdo do site.',
    related: 'Leia também: Prefeitura aprova novo plano de mobilidade urbana',
    prose: 'A câmara municipal aprovou na terça-feira a reforma do antigo ginásio, e as obras devem durar dois anos.',
  },
  nl: {
    legal: '© 2024 Dagblad van het Dal. Alle rechten voorbehouden. Privacyverklaring',
    cta: 'Schrijf je in voor onze nieuwsbrief en ontvang elke ochtend het belangrijkste nieuws.',
    related: 'Lees ook: Gemeente keurt nieuw fietsplan goed',
    prose: 'De gemeenteraad heeft dinsdagavond besloten de oude sporthal te renoveren, de werkzaamheden duren twee jaar.',
  },
  pl: {
    legal: '© 2024 Gazeta Doliny. Wszelkie prawa zastrzeżone. Polityka prywatności',
    cta: 'Zapisz się do newslettera i otrzymuj codziennie najważniejsze wiadomości.',
    related: 'Czytaj także: Rada miasta przyjęła nowy plan komunikacji',
    prose: 'Rada miasta zdecydowała we wtorek o remoncie starej hali sportowej, prace potrwają dwa lata.',
  },
  ru: {
    legal: '© 2024 ООО «Вестник долины». Все права защищены. Политика конфиденциальности',
    cta: 'Подписывайтесь на нашу рассылку, чтобы первыми узнавать главные новости.',
    related: 'Читайте также: Мэрия утвердила новый план благоустройства',
    prose: 'Городской совет во вторник утвердил ремонт старого спортивного зала, работы продлятся два года.',
  },
  uk: {
    legal: '© 2024 Вісник долини. Усі права захищені. Політика конфіденційності',
    cta: 'Підпишіться на нашу розсилку, щоб першими дізнаватися головні новини.',
    related: 'Читайте також: Міська рада затвердила новий план благоустрою',
    prose: 'Міська рада у вівторок ухвалила ремонт старого спортивного залу, роботи триватимуть два роки.',
  },
  tr: {
    legal: '© 2024 Vadi Gazetesi. Tüm hakları saklıdır. Gizlilik Politikası',
    cta: 'Bültenimize abone olun, en önemli haberler her sabah e-posta kutunuzda olsun.',
    related: 'İlgili Haberler',
    prose: 'Belediye meclisi salı akşamı eski spor salonunun yenilenmesine karar verdi, çalışmalar iki yıl sürecek.',
  },
  id: {
    legal: 'Hak Cipta Dilindungi Undang-Undang. Kebijakan Privasi',
    cta: 'Berlangganan newsletter kami untuk mendapatkan berita pilihan setiap pagi.',
    related: 'Baca juga: Pemkot setujui rencana baru transportasi umum',
    prose: 'Dewan kota pada Selasa malam memutuskan untuk merenovasi gedung olahraga lama, pengerjaannya berlangsung dua tahun.',
  },
  ja: {
    legal: 'Copyright © 2024 谷町新報社 無断転載を禁じます。プライバシーポリシー',
    cta: '有料会員になると、すべての記事を読むことができます。今すぐ会員登録を。',
    related: 'あわせて読みたい：市議会、新しい図書館の建設計画を承認',
    prose: '市議会は火曜日、老朽化した体育館の改修工事を承認し、工事は二年間続く見通しだ。',
  },
  zh: {
    legal: '© 2024 河谷日报社 版权所有 未经授权禁止转载 隐私政策',
    cta: '立即订阅我们的新闻邮件，每天早上获取最重要的新闻。',
    related: '相关阅读：市政府批准新的公共交通规划',
    prose: '市议会周二批准了旧体育馆的翻修工程，预计工期为两年。',
  },
  ar: {
    legal: '© 2024 صحيفة الوادي. جميع الحقوق محفوظة. سياسة الخصوصية',
    cta: 'اشترك في النشرة البريدية لتصلك أهم الأخبار كل صباح',
    related: 'اقرأ أيضاً: البلدية تقر خطة جديدة للنقل العام',
    prose: 'وافق مجلس المدينة يوم الثلاثاء على ترميم الصالة الرياضية القديمة، ومن المتوقع أن تستمر الأعمال عامين.',
  },
  he: {
    legal: '© 2024 חדשות העמק. כל הזכויות שמורות. מדיניות פרטיות',
    cta: 'הירשמו לניוזלטר וקבלו את החדשות החשובות בכל בוקר',
    related: 'קראו גם: העירייה אישרה תוכנית תחבורה ציבורית חדשה',
    prose: 'מועצת העיר אישרה ביום שלישי את שיפוץ אולם הספורט הישן, והעבודות צפויות להימשך שנתיים.',
  },
  ko: {
    legal: '저작권자 © 계곡일보 무단전재 및 재배포 금지',
    cta: '뉴스레터 구독하기',
    related: '관련기사',
    prose: '시의회는 화요일 오래된 체육관의 보수 공사를 승인했으며 공사는 2년 동안 진행될 예정이다.',
  },
  sv: {
    legal: '© 2024 Dalarnas Dagblad AB. Alla rättigheter förbehållna. Integritetspolicy | Cookieinställningar',
    cta: 'Prenumerera på vårt nyhetsbrev och få de viktigaste nyheterna varje morgon.',
    related: 'Läs också: Kommunen satsar på nya cykelbanor i centrum',
    prose: 'Kommunfullmäktige beslutade på tisdagskvällen att renovera den gamla idrottshallen, och arbetet väntas ta två år.',
  },
  da: {
    legal: '© 2024 Dalens Avis A/S. Alle rettigheder forbeholdes. Privatlivspolitik',
    cta: 'Tilmeld dig vores nyhedsbrev og få dagens vigtigste nyheder hver morgen.',
    related: 'Læs også: Kommunen vil bygge nye cykelstier i midtbyen',
    prose: 'Byrådet besluttede tirsdag aften at renovere den gamle sportshal, og arbejdet ventes at tage to år.',
  },
  nb: {
    legal: '© 2024 Dalposten AS. Alle rettigheter forbeholdt. Personvernerklæring',
    cta: 'Meld deg på nyhetsbrevet vårt og få de viktigste nyhetene hver morgen.',
    related: 'Les også: Kommunen vil bygge nye sykkelveier i sentrum',
    prose: 'Bystyret vedtok tirsdag kveld å pusse opp den gamle idrettshallen, og arbeidet ventes å ta to år.',
  },
  fi: {
    legal: '© 2024 Laakson Sanomat Oy. Kaikki oikeudet pidätetään. Tietosuojaseloste',
    cta: 'Tilaa uutiskirjeemme, niin saat tärkeimmät uutiset joka aamu sähköpostiisi.',
    related: 'Lue myös: Kaupunki rakentaa uusia pyöräteitä keskustaan',
    prose: 'Kaupunginvaltuusto päätti tiistai-iltana remontoida vanhan urheiluhallin, ja työt kestävät kaksi vuotta.',
  },
  cs: {
    legal: '© 2024 Deník Údolí s.r.o. Všechna práva vyhrazena. Zásady ochrany osobních údajů',
    cta: 'Přihlaste se k odběru newsletteru a každé ráno dostanete nejdůležitější zprávy z regionu.',
    related: 'Čtěte také: Zastupitelstvo schválilo nový plán městské dopravy',
    prose: 'Zastupitelstvo města v úterý večer schválilo rekonstrukci staré sportovní haly, práce potrvají dva roky.',
  },
  sk: {
    legal: '© 2024 Denník Doliny s.r.o. Všetky práva vyhradené. Ochrana osobných údajov',
    cta: 'Prihláste sa na odber newslettera a každé ráno dostanete najdôležitejšie správy z regiónu.',
    related: 'Čítajte aj: Mestské zastupiteľstvo schválilo nový plán dopravy',
    prose: 'Mestské zastupiteľstvo v utorok večer schválilo rekonštrukciu starej športovej haly, práce potrvajú dva roky.',
  },
  hu: {
    legal: '© 2024 Völgyi Hírlap Kft. Minden jog fenntartva. Adatvédelmi tájékoztató',
    cta: 'Iratkozzon fel hírlevelünkre, és minden reggel megkapja a legfontosabb híreket.',
    related: 'Olvassa el ezt is: A képviselő-testület elfogadta az új közlekedési tervet',
    prose: 'A városi képviselő-testület kedd este döntött a régi sportcsarnok felújításáról, a munkálatok két évig tartanak.',
  },
  ro: {
    legal: '© 2024 Gazeta Văii SRL. Toate drepturile rezervate. Politica de confidențialitate',
    cta: 'Abonează-te la newsletter și primește în fiecare dimineață cele mai importante știri.',
    related: 'Citește și: Consiliul local a aprobat noul plan de mobilitate urbană',
    prose: 'Consiliul local a aprobat marți seara renovarea vechii săli de sport, iar lucrările vor dura doi ani.',
  },
  el: {
    legal: '© 2024 Εκδόσεις Κοιλάδας Α.Ε. Με επιφύλαξη παντός δικαιώματος. Πολιτική απορρήτου | Όροι χρήσης',
    cta: 'Εγγραφείτε στο newsletter μας και λάβετε κάθε πρωί τις σημαντικότερες ειδήσεις της πόλης.',
    related: 'Διαβάστε επίσης: Το δημοτικό συμβούλιο ενέκρινε το νέο σχέδιο για τους ποδηλατόδρομους',
    prose: 'Το δημοτικό συμβούλιο αποφάσισε την Τρίτη την ανακαίνιση του παλιού γυμναστηρίου, με τις εργασίες να διαρκούν δύο χρόνια.',
  },
  vi: {
    legal: '© 2024 Báo Thung Lũng. Bản quyền thuộc về Báo Thung Lũng. Chính sách bảo mật | Điều khoản sử dụng',
    cta: 'Đăng ký nhận bản tin để nhận những tin tức quan trọng nhất mỗi sáng.',
    related: 'Bài viết liên quan: Hội đồng thành phố thông qua kế hoạch giao thông công cộng mới',
    prose: 'Hội đồng thành phố hôm thứ Ba đã quyết định sửa chữa nhà thi đấu cũ, công trình dự kiến kéo dài hai năm.',
  },
  fa: {
    legal: '© ۱۴۰۳ روزنامه دره. کلیه حقوق مادی و معنوی این سایت محفوظ است. سیاست حفظ حریم خصوصی',
    cta: 'در خبرنامه عضو شوید تا هر روز صبح مهم‌ترین اخبار شهر را دریافت کنید.',
    related: 'بیشتر بخوانید: شورای شهر طرح جدید حمل‌ونقل عمومی را تصویب کرد',
    prose: 'شورای شهر روز سه‌شنبه با بازسازی سالن ورزشی قدیمی موافقت کرد و انتظار می‌رود کار دو سال طول بکشد.',
  },
  bg: {
    legal: '© 2024 Вестник „Долина“ ЕООД. Всички права запазени. Политика за поверителност',
    cta: 'Абонирайте се за нашия бюлетин и получавайте най-важните новини всяка сутрин.',
    related: 'Прочетете също: Общинският съвет одобри новия план за градския транспорт',
    prose: 'Общинският съвет реши във вторник да ремонтира старата спортна зала, като работата ще продължи две години.',
  },
  ca: {
    legal: '© 2024 Diari del Vallès. Tots els drets reservats. Política de privacitat i avís legal',
    cta: 'Subscriu-te al nostre butlletí i rep cada matí les notícies més importants',
    related: 'Llegeix també: L\'Ajuntament aprova el pressupost per a la nova biblioteca',
    prose: 'L\'Ajuntament de Girona ha anunciat aquest dimarts que el nou pont obrirà al trànsit al setembre.',
  },
  hr: {
    legal: '© 2024 Zagrebački list. Sva prava pridržana. Politika privatnosti | Uvjeti korištenja',
    cta: 'Prijavite se na newsletter i primajte najnovije vijesti izravno u vaš sandučić',
    related: 'Pročitajte još: Gradsko vijeće odobrilo gradnju novog vrtića u Dubravi',
    prose: 'Gradsko vijeće Splita u utorak je odlučilo obnoviti staru tržnicu do kraja sljedeće godine.',
  },
  sl: {
    legal: '© 2024 Dolenjski dnevnik. Vse pravice pridržane. Politika zasebnosti | Pogoji uporabe',
    cta: 'Prijavite se na e-novice in prejemajte najpomembnejše novice vsak dan',
    related: 'Preberite tudi: Občina Kranj bo poleti obnovila glavni most čez Savo',
    prose: 'Občinski svet v Celju je v torek sklenil, da bodo jeseni obnovili staro tržnico ob reki.',
  },
  lt: {
    legal: '© 2024 UAB „Miesto naujienos“. Visos teisės saugomos. Privatumo politika',
    cta: 'Užsiprenumeruokite mūsų naujienlaiškį ir kiekvieną rytą gaukite svarbiausias dienos žinias',
    related: 'Taip pat skaitykite: Vilniuje atidarytas naujas vaikų darželis',
    prose: 'Kauno rajone antradienio vakarą susidūrė du automobiliai, o trys žmonės buvo nuvežti į ligoninę.',
  },
  hi: {
    legal: 'कॉपीराइट © 2024 समाचार डिजिटल प्राइवेट लिमिटेड. सर्वाधिकार सुरक्षित. गोपनीयता नीति',
    cta: 'हमारा न्यूज़लेटर सब्सक्राइब करें और रोज़ की बड़ी खबरें सीधे अपने ईमेल पर पाएं',
    related: 'ये भी पढ़ें: जयपुर में भारी बारिश से कई इलाकों में जलभराव',
    prose: 'लखनऊ में मंगलवार सुबह एक तेज रफ्तार ट्रक ने सड़क किनारे खड़े ऑटो को टक्कर मार दी।',
  },
};

describe('lexicon data files', () => {
  const files = readdirSync(LEXICON_DIR).filter((f) => f.endsWith('.json'));

  it('has a file for every language the tests cover', () => {
    for (const lang of LANGUAGES) expect(files).toContain(`${lang}.json`);
  });

  it('parses every file, with only the known categories plus _comment, each a list of non-empty strings', () => {
    const known = new Set<string>([...LEXICON_CATEGORIES, '_comment']);
    for (const file of files) {
      const data = JSON.parse(readFileSync(path.join(LEXICON_DIR, file), 'utf8')) as Record<string, unknown>;
      for (const key of Object.keys(data)) expect(known.has(key), `${file}: unknown key ${key}`).toBe(true);
      expect(typeof data._comment, `${file}: _comment`).toBe('string');
      for (const category of LEXICON_CATEGORIES) {
        const list = data[category];
        if (list === undefined) continue;
        expect(Array.isArray(list), `${file}: ${category}`).toBe(true);
        for (const phrase of list as unknown[]) {
          expect(typeof phrase === 'string' && phrase.trim().length > 0, `${file}: ${category}: ${String(phrase)}`).toBe(true);
        }
      }
    }
  });

  it('lists no phrase twice within one category of a file', () => {
    for (const file of files) {
      const data = JSON.parse(readFileSync(path.join(LEXICON_DIR, file), 'utf8')) as Record<string, string[]>;
      for (const category of LEXICON_CATEGORIES) {
        const list = (data[category] ?? []).map((p) => p.toLowerCase());
        expect(list.filter((p, i) => list.indexOf(p) !== i), `${file}: ${category}`).toEqual([]);
      }
    }
  });
});

/** Each lexicon file's own language as the `stopword` package names it (ISO 639-3). */
const OWN_STOPWORDS: Record<string, string> = {
  en: 'eng', de: 'deu', fr: 'fra', es: 'spa', it: 'ita', pt: 'por', nl: 'nld', pl: 'pol', ru: 'rus', uk: 'ukr', tr: 'tur',
  id: 'ind', ja: 'jpn', zh: 'zho', ko: 'kor', ar: 'ara', he: 'heb', sv: 'swe', da: 'dan', nb: 'nob', fi: 'fin', cs: 'ces',
  sk: 'slk', hu: 'hun', ro: 'ron', el: 'ell', vi: 'vie', fa: 'fas', bg: 'bul', ca: 'cat', hr: 'hrv', sl: 'slv', lt: 'lit',
  hi: 'hin',
};

describe('lexicon phrases across languages', () => {
  // All files are matched together on every line (lexicon.ts), so a one-word phrase that is a
  // function word of another language fires on that language's prose: Danish "del" (share) is
  // Spanish "del", Swedish "mer" (more) is Norwegian and Danish "mer".
  it("lists no one-word phrase that is a stopword of another bundled language (its own language's may be furniture words, as English 'more')", () => {
    const stopwords = createRequire(import.meta.url)('stopword') as Record<string, unknown>;
    const lists = STOPWORD_LANGUAGES.map((code) => [code, new Set(stopwords[code] as string[])] as const);
    const clashes: string[] = [];
    for (const file of readdirSync(LEXICON_DIR).filter((f) => f.endsWith('.json'))) {
      const lang = file.slice(0, -5);
      const own = OWN_STOPWORDS[lang];
      expect(own, `${file}: add its stopword code to OWN_STOPWORDS`).toBeDefined();
      const data = JSON.parse(readFileSync(path.join(LEXICON_DIR, file), 'utf8')) as Record<string, string[]>;
      for (const category of LEXICON_CATEGORIES) {
        for (const phrase of data[category] ?? []) {
          const words = phrase.toLowerCase().trim().split(/\s+/u);
          if (words.length !== 1) continue;
          for (const [code, set] of lists) if (code !== own && set.has(words[0]!)) clashes.push(`${file}: ${category}: "${phrase}" is a stopword of ${code}`);
        }
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('lexicon phrases of each language', () => {
  for (const [lang, s] of Object.entries(SAMPLES)) {
    describe(lang, () => {
      it('matches a copyright or privacy footer as legal', () => {
        expect(hits(s.legal, 'legal')).toBeGreaterThan(0);
      });

      it('matches a subscription pitch as cta', () => {
        expect(hits(s.cta, 'cta')).toBeGreaterThan(0);
      });

      it('matches a "read also" header as related', () => {
        expect(hits(s.related, 'related')).toBeGreaterThan(0);
      });

      it('matches no category in an ordinary news sentence', () => {
        const m = lexicon.match(s.prose);
        expect(m.phrases).toEqual([]);
        expect(m.counts.every((c) => c === 0)).toBe(true);
      });
    });
  }

  it('matches no phrase in Arabic and Hebrew news sentences that use words a menu or an ad label also uses (QA pass 23)', () => {
    for (const prose of [
      'أعلنت الحكومة إعلان حالة الطوارئ في المدينة وأغلقت الطرق الرئيسية أمام حركة السير.',
      'إعلان حالة الطوارئ',
      'השחקנים תרמו רבות לניצחון, והתגובות בעיר היו נלהבות.',
      'שיתוף הפעולה עם העירייה נמשך, והמומלצים ברשימה קיבלו פרסומת רבה.',
    ]) {
      expect(lexicon.match(prose).phrases, prose).toEqual([]);
    }
  });

  // golden/README.md, "Menus: pages versus pitches": a noun naming a page is furniture, an imperative asking the reader is a pitch.
  it('files menu nouns that name a page (newsletters, advertising, deals) as ui and not as cta', () => {
    for (const item of ['Newsletters', 'Advertise with us', 'Daily Deals', 'Print Subscriptions', 'Learn more']) {
      expect(hits(item, 'cta'), item).toBe(0);
      expect(hits(item, 'ui'), item).toBeGreaterThan(0);
    }
  });

  it('files menu items that pitch or ask (subscribe, contribute, give a gift) as cta', () => {
    for (const item of ['Subscribe', 'Contribute', 'Give a Gift', 'Sign up for our newsletter', 'Click here to turn on notifications']) {
      expect(hits(item, 'cta'), item).toBeGreaterThan(0);
    }
  });

  // src/lexicon.ts, LEXICON_CATEGORIES: an ad slot's label is an advertisement line, but not a pitch
  // whose nearness makes the lines around it parts of a sign-up box. Chinese in both scripts: the
  // Traditional 廣告 stayed a pitch when the Simplified 广告 moved.
  it("files an ad slot's label as slot and not as cta, in every language that has one", () => {
    for (const item of ['Advertisement', 'ADVERTISEMENT', 'Story continues below advertisement', 'Anzeige', 'Publicidad', 'Publicité', 'Pubblicità', 'Реклама', 'Reklama', 'Werbung', 'Publicidade', 'Advertentie', 'Iklan', 'Reklam', '광고', '広告', '广告', '廣告']) {
      expect(hits(item, 'slot'), item).toBeGreaterThan(0);
      expect(hits(item, 'cta'), item).toBe(0);
    }
    // A pitch that names an ad is still a pitch.
    expect(hits('Advertisement: subscribe now for $1', 'cta')).toBeGreaterThan(0);
  });

  it('matches a French phrase whatever the apostrophe, straight or curly', () => {
    expect(hits("Je m'abonne", 'cta')).toBeGreaterThan(0);
    expect(hits('Je m’abonne', 'cta')).toBeGreaterThan(0);
  });

  it('matches a Turkish phrase with a capital dotted İ as well as in lower case', () => {
    expect(hits('İlgili Haberler', 'related')).toBeGreaterThan(0);
    expect(hits('ilgili haberler', 'related')).toBeGreaterThan(0);
  });

  it('matches a Russian phrase written with е instead of ё', () => {
    expect(hits('Показать еще', 'ui')).toBeGreaterThan(0);
    expect(hits('Показать ещё', 'ui')).toBeGreaterThan(0);
  });
});

describe('Lexicon.countTokens', () => {
  it('gives the per-category counts of matchTokens, into a reused array cleared for each line', () => {
    const lex = new Lexicon(loadLexiconData());
    const counts = new Int32Array(LEXICON_CATEGORIES.length);
    const lines = ['Subscribe to our newsletter', 'All rights reserved. Privacy policy', 'Related articles', 'The committee met on Tuesday.', '关注我们 微信'];
    for (const text of lines) {
      const m = lex.match(text);
      const words = tokenize(text).words;
      expect(Array.from(lex.countTokens(words, text.toLowerCase(), counts))).toEqual(m.counts);
    }
    expect(Array.from(lex.countTokens([], undefined, counts))).toEqual(LEXICON_CATEGORIES.map(() => 0));
  });
});

describe('Lexicon.countTokens on CJK lines', () => {
  it('counts each CJK phrase that occurs, as matching every phrase against the line does (matchTokens)', () => {
    const lexicon = defaultLexicon();
    const seeds = path.join(import.meta.dirname, '..', 'seeds');
    const lines = readdirSync(seeds)
      .filter((f) => f.endsWith('.txt'))
      .flatMap((f) => readFileSync(path.join(seeds, f), 'utf8').split('\n'))
      .filter((l) => hasCjk(l));
    lines.push('購読する 定期購読 購読はこちら', '有料会員 有料会員', 'ログイン 会員登録 シェア');
    const counts = new Int32Array(LEXICON_CATEGORIES.length);
    let hits = 0;
    for (const line of lines) {
      const tokens = tokenize(line);
      const lower = line.toLowerCase();
      const got = [...lexicon.countTokens(tokens.words, lower, counts)];
      expect([line, got]).toEqual([line, lexicon.matchTokens(tokens.words, lower).counts]);
      hits += got.reduce((a, b) => a + b, 0);
    }
    expect(lines.length).toBeGreaterThan(100);
    expect(hits).toBeGreaterThan(10);
  });
});

describe('Lexicon and loadLexiconData arguments', () => {
  it('reject phrase lists, a text, languages or a folder of the wrong kind at the call, naming the function and the argument', () => {
    // new Lexicon(5) made a lexicon of no language in silence; null failed as a TypeError.
    expect(() => new Lexicon(5 as never)).toThrow(/^Lexicon\(\): argument `data` must be phrase lists by language.*got number/);
    expect(() => new Lexicon(null as never)).toThrow(/^Lexicon\(\): argument `data`.*got null/);
    expect(() => new Lexicon({ en: 'cta' } as never)).toThrow(/^Lexicon\(\): argument `data\.en`.*got string/);
    // A string list was read one phrase per character.
    expect(() => new Lexicon({ en: { cta: 'subscribe' } } as never)).toThrow('Lexicon(): argument `data.en.cta` must be an array of phrases (strings), got string');
    expect(() => defaultLexicon().match(5 as never)).toThrow('Lexicon.match(): argument `text` must be a string, got number');
    // 'en' was read as the languages 'e' and 'n'.
    expect(() => loadLexiconData('en' as never)).toThrow(/^loadLexiconData\(\): argument `languages` must be an array of language codes.*got string/);
    expect(() => loadLexiconData(['en'], 5 as never)).toThrow(/^loadLexiconData\(\): argument `dir` must be a string/);
    expect(new Lexicon(loadLexiconData(['en'])).languages).toEqual(['en']);
  });

  it('takes only languages its folder has a file for, so none names a file outside the folder, and reads a file of its own named with a region', () => {
    // '../../etc/passwd' was read as the path data/lexicon/../../etc/passwd.json.
    for (const lang of ['../../etc/passwd', 'EN', 'en/../de', '']) {
      const err = thrown(() => loadLexiconData(['en', lang]));
      expect(err).toBeInstanceOf(BoilerstripError);
      expect(err).toMatchObject({ code: 'ERR_INVALID_ARG' });
      expect((err as Error).message).toMatch(/^loadLexiconData\(\): unknown language `.*` in `languages`; the lexicon has `ar`/);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'lexicon-'));
    writeFileSync(path.join(dir, 'pt-br.json'), JSON.stringify({ cta: ['assine já'] }));
    expect(Object.keys(loadLexiconData(['pt-br'], dir))).toEqual(['pt-br']);
  });

  it('reads a folder given as a relative path or with # and % in its name, and names the file of a lexicon that is not valid JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lexicon #1 %20-'));
    writeFileSync(path.join(dir, 'sv.json'), JSON.stringify({ cta: ['prenumerera nu'] }));
    expect(loadLexiconData(['sv'], dir).sv).toEqual({ cta: ['prenumerera nu'] });
    expect(loadLexiconData(['sv'], path.relative(process.cwd(), dir)).sv).toEqual({ cta: ['prenumerera nu'] });
    writeFileSync(path.join(dir, 'da.json'), '{"cta": ["tilmeld dig",]}');
    const err = thrown(() => loadLexiconData(['da'], dir));
    expect(err).toBeInstanceOf(BoilerstripError);
    expect(err).toMatchObject({ code: 'ERR_LEXICON', file: path.join(dir, 'da.json') });
    expect((err as Error).message).toContain('da.json: not valid JSON');
  });

  it('rejects a language it has no file for, naming it and the languages it has, instead of a bare ENOENT', () => {
    const err = thrown(() => loadLexiconData(['en', 'xx']));
    expect(err).toBeInstanceOf(BoilerstripError);
    expect(err).toMatchObject({ code: 'ERR_INVALID_ARG' });
    const has = readdirSync(LEXICON_DIR).filter((f) => f.endsWith('.json')).map((f) => `\`${f.slice(0, -5)}\``).sort().join(', ');
    expect((err as Error).message).toBe(`loadLexiconData(): unknown language \`xx\` in \`languages\`; the lexicon has ${has}`);
    expect((err as Error).message).toMatch(/`de`, (?:`[a-z]+`, )*`en`/);
  });

  it('rejects a category it does not know, naming its path, and passes keys that begin with _ as notes', () => {
    // An unknown category was dropped in silence.
    const err = thrown(() => new Lexicon({ en: { cta: ['subscribe now'], zzz: ['a'] } as never }));
    expect(err).toBeInstanceOf(BoilerstripError);
    expect(err).toMatchObject({ code: 'ERR_INVALID_ARG' });
    expect((err as Error).message).toMatch(/^Lexicon\(\): unknown category `zzz` at `data\.en\.zzz`; the categories are `cta`, `legal`/);
    expect(() => new Lexicon({ de: { ctas: ['jetzt abonnieren'] } as never })).toThrow('Lexicon(): unknown category `ctas` at `data.de.ctas` (did you mean `cta`?)');
    expect(new Lexicon({ en: { _comment: 'a note', cta: ['subscribe now'] } as never }).match('Subscribe now').counts[0]).toBe(1);
  });

  it('rejects a phrase of no words (empty, blank or punctuation), naming its path, since it could never match', () => {
    // '' was accepted and dropped in silence.
    for (const phrase of ['', '   ', '!!']) {
      const err = thrown(() => new Lexicon({ en: { cta: ['subscribe now', phrase] } }));
      expect(err).toBeInstanceOf(BoilerstripError);
      expect(err).toMatchObject({ code: 'ERR_INVALID_ARG' });
      expect((err as Error).message).toBe(`Lexicon(): argument \`data.en.cta[1]\` must be a phrase with a word in it, got string ${JSON.stringify(phrase)}`);
    }
  });
});
