package org.dxguard.text.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.text.Deidentified;
import org.dxguard.text.Language;
import org.dxguard.text.PatientIdentity;
import org.dxguard.text.Span;

/**
 * Free-text de-identification, English and Chinese. Detectors, in order of strength (a longer span wins an overlap):
 * the patient's own names/identifiers/phones/e-mails/address lines (from the Patient resource), e-mail, URL, Chinese
 * resident ID (18 characters, ISO 7064 MOD 11-2 check digit; any 15/18-character value after 身份证), Chinese
 * mobile (1[3-9]x xxxx xxxx, +86), other phone shapes, identifier fields (MRN:, 病历号：, 住院号 …), SSN, long digit
 * runs, street and Chinese addresses, names by pattern (Mr./Dr. Name, Name: …, 姓名：…, 患者张三，男, 王医生), ages
 * over 89, and exact dates → times relative to the note date.
 */
public final class Deidentifier {
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s，。；、]+");
    private static final Pattern CN_ID = Pattern.compile("(?<![0-9A-Za-z])(\\d{17}[\\dXx])(?![0-9A-Za-z])");
    private static final Pattern CN_ID_CUE = Pattern.compile("(?:身份证(?:号码|号)?|公民身份号码|居民身份证)\\s*[：:]?\\s*"
        + "(\\d{17}[\\dXx]|\\d{15})");
    private static final Pattern CN_MOBILE = Pattern.compile("(?<!\\d)(?:\\+?86[-\\s]?)?1[3-9]\\d[-\\s]?\\d{4}[-\\s]?\\d{4}"
        + "(?!\\d)");
    private static final Pattern PHONE = Pattern.compile("(?<![\\d.])(?:\\+\\d{1,3}[\\s.-]?)?(?:\\(\\d{2,4}\\)\\s?|\\d{2,4}"
        + "[\\s.-])\\d{3,4}[\\s.-]\\d{3,4}(?![\\d.])|(?<![\\d.])0\\d{2,3}-\\d{7,8}(?!\\d)");
    private static final Pattern FIELD = Pattern.compile("(?i)(?:\\b(?:mrn|medical record (?:number|no\\.?)|mr\\s?#|"
        + "record (?:number|no\\.?|#)|patient id|pt id|account (?:number|no\\.?)|acct|insurance (?:number|no\\.?|id)|"
        + "member id|ssn|social security (?:number|no\\.?)|id)|病历号|住院号|门诊号|病案号|登记号|ID号|医保卡号|社保卡号|"
        + "医保号|就诊卡号|床号|护照号(?:码)?)\\s*(?:number|no\\.?|#)?\\s*[:#：]?\\s*([A-Za-z]{0,4}\\d[A-Za-z0-9-]{2,})");
    private static final Pattern SSN = Pattern.compile("(?<!\\d)\\d{3}-\\d{2}-\\d{4}(?!\\d)");
    private static final Pattern DIGITS = Pattern.compile("(?<![\\d.,/])\\d{8,}(?![\\d.,/])");
    private static final Pattern STREET = Pattern.compile("\\b\\d{1,6}\\s+(?:[A-Z][a-z]+\\s+){1,4}(?:Street|St|Avenue|"
        + "Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Circle|Highway|Hwy)\\b\\.?"
        + "(?:,?\\s*(?:Apt|Unit|Suite|#)\\s*\\w+)?(?:,\\s*[A-Z][a-z]+(?:\\s[A-Z][a-z]+)?)?(?:,\\s*[A-Z]{2}\\s*\\d{5}"
        + "(?:-\\d{4})?)?");
    private static final String HAN = "\\p{IsHan}";
    private static final Pattern CN_ADDRESS = Pattern.compile("(?:[" + HAN.substring(0) + "]{2,7}(?:省|自治区))?"
        + "(?:[" + HAN + "]{2,7}市)?(?:[" + HAN + "]{1,7}(?:区|县))?[" + HAN + "0-9]{1,12}(?:路|街|大道|巷|弄|胡同)"
        + "\\d+号(?:[" + HAN + "0-9]{0,12}(?:栋|幢|楼|单元|室|号))*|(?:[" + HAN + "]{2,7}(?:省|自治区))?[" + HAN
        + "]{2,7}市[" + HAN + "]{1,7}(?:区|县)(?:[" + HAN + "0-9]{1,12}(?:路|街|大道|巷|弄|村|镇|乡|小区))?");
    private static final Pattern ADDRESS_CUE = Pattern.compile("(?i)(?:\\baddress|住址|家庭住址|地址|现住址|户籍地址)\\s*[:：]"
        + "\\s*([^\\n;；。]{4,80})");
    private static final Pattern TITLE_NAME = Pattern.compile("\\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sr|Sra)\\.?\\s+"
        + "([A-Z][a-z'-]+(?:\\s+[A-Z]\\.)?(?:\\s+[A-Z][a-z'-]+)?)");
    private static final Pattern NAME_FIELD = Pattern.compile("(?i)\\b(?:patient name|name|patient|pt name|"
        + "signed by|attending|physician|provider|nurse|dictated by)\\s*:\\s*([A-Z][a-z'-]+(?:\\s+[A-Z]\\.?)?"
        + "(?:\\s+[A-Z][a-z'-]+){0,2})");
    private static final Pattern CN_NAME_FIELD = Pattern.compile("(?:姓名|患者姓名|病人姓名|联系人|家属|医师签名|医生签名|签名)"
        + "\\s*[：:]\\s*([" + HAN + "]{2,4})");
    private static final Pattern CN_NAME_INTRO = Pattern.compile("(?:患者|病人|患儿)\\s*([" + HAN + "]{2,3})\\s*[，,、]\\s*"
        + "(?:男|女|性别)");
    private static final Pattern AGE_OVER_89 = Pattern.compile("(?i)(?<!\\d)(9\\d|1[0-4]\\d)(\\s*-?\\s*)(years?[\\s-]old|"
        + "year|yrs?|y/?o|岁)");
    private static final Pattern ISO_DATE = Pattern.compile("(?<!\\d)(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:[T ]"
        + "\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?(?!\\d)");
    private static final Pattern US_DATE = Pattern.compile("(?<![\\d/])(\\d{1,2})/(\\d{1,2})/(\\d{2}|\\d{4})(?![\\d/])");
    private static final Pattern CN_DATE = Pattern.compile("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月(?:\\s*(\\d{1,2})\\s*[日号])?");
    private static final Pattern CN_MONTH_DAY = Pattern.compile("(?<![\\d年])(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]");
    private static final String MONTHS = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|"
        + "aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private static final Pattern EN_DATE_MDY = Pattern.compile("(?i)\\b" + MONTHS + "\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?"
        + "(?:,?\\s+(\\d{4}))?\\b");
    private static final Pattern EN_DATE_DMY = Pattern.compile("(?i)\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+" + MONTHS
        + "\\.?,?\\s+(\\d{4})\\b");
    private static final Pattern RELATIVE_NAME = Pattern.compile("\\b(?:daughter|son|wife|husband|mother|father|brother|"
        + "sister|partner|spouse|friend|neighbo(?:u)?r|caregiver|guardian)\\s+([A-Z][a-z'-]+(?:\\s+[A-Z][a-z'-]+)?)");
    private static final Pattern CN_RELATIVE = Pattern.compile("(?:其子|其女|儿子|女儿|丈夫|妻子|配偶|其夫|其妻|父亲|母亲|家属|"
        + "其父|其母|哥哥|姐姐|弟弟|妹妹|联系人)\\s*([" + HAN + "]{2,3})");
    private static final String CN_NOT_NAME_END = "陪来说代称诉签同在是和及与于已曾均为";
    private static final Set<String> NOT_NAMES = Set.of("The", "This", "That", "He", "She", "Patient", "Note", "None",
        "History", "Chief", "Complaint", "Exam", "Plan", "Assessment", "No", "Yes", "Unknown", "Denies");

    private record Hit(int start, int end, String kind, String placeholder) {}

    private Deidentifier() {}

    public static Deidentified deidentify(String text, PatientIdentity id, LocalDate reference) {
        Language lang = Language.detect(text);
        List<Hit> hits = new ArrayList<>();
        identity(text, id, hits);
        // a detector runs only where the text holds what every one of its matches must hold: '@' for an e-mail,
        // "://" or "www." for a URL, a Han character for the Chinese-only detectors (each needs a Han literal such as
        // 身份证, 路, 市, 姓名, 患者, 年 or 月); the hits are the same, an English note skips about half the passes
        boolean han = isHan(text);
        if (text.indexOf('@') >= 0) {
            all(EMAIL, text, 0, "EMAIL", "[EMAIL]", hits);
        }
        if (text.contains("://") || mayContain(text, "www.", false)) {
            all(URL, text, 0, "URL", "[URL]", hits);
        }
        Matcher m = CN_ID.matcher(text);
        while (m.find()) {
            if (validChineseId(m.group(1))) {
                hits.add(new Hit(m.start(1), m.end(1), "ID", "[ID]"));
            }
        }
        if (han) {
            all(CN_ID_CUE, text, 1, "ID", "[ID]", hits);
        }
        all(CN_MOBILE, text, 0, "PHONE", "[PHONE]", hits);
        m = PHONE.matcher(text);
        while (m.find()) {
            if (digits(m.group()) >= 7) {
                hits.add(new Hit(m.start(), m.end(), "PHONE", "[PHONE]"));
            }
        }
        all(FIELD, text, 1, "ID", "[ID]", hits);
        all(SSN, text, 0, "ID", "[ID]", hits);
        all(DIGITS, text, 0, "ID", "[ID]", hits);
        all(STREET, text, 0, "ADDRESS", "[ADDRESS]", hits);
        if (han) {
            all(CN_ADDRESS, text, 0, "ADDRESS", "[ADDRESS]", hits);
        }
        all(ADDRESS_CUE, text, 1, "ADDRESS", "[ADDRESS]", hits);
        m = TITLE_NAME.matcher(text);
        while (m.find()) {
            hits.add(new Hit(m.start(1), m.end(1), "NAME", "[NAME]"));
        }
        m = NAME_FIELD.matcher(text);
        while (m.find()) {
            if (!NOT_NAMES.contains(m.group(1).split("\\s+")[0])) {
                hits.add(new Hit(m.start(1), m.end(1), "NAME", "[NAME]"));
            }
        }
        m = RELATIVE_NAME.matcher(text);
        while (m.find()) {
            if (!NOT_NAMES.contains(m.group(1).split("\\s+")[0])) {
                hits.add(new Hit(m.start(1), m.end(1), "NAME", "[NAME]"));
            }
        }
        m = CN_RELATIVE.matcher(text);
        while (han && m.find()) {
            String n = m.group(1);
            if (n.length() == 3 && CN_NOT_NAME_END.indexOf(n.charAt(2)) >= 0) {
                n = n.substring(0, 2);
            }
            if (ChineseSurnames.starts(n)) {
                hits.add(new Hit(m.start(1), m.start(1) + n.length(), "NAME", "[NAME]"));
            }
        }
        if (han) {
            all(CN_NAME_FIELD, text, 1, "NAME", "[NAME]", hits);
            all(CN_NAME_INTRO, text, 1, "NAME", "[NAME]", hits);
            chineseTitledNames(text, hits);
        }
        m = AGE_OVER_89.matcher(text);
        while (m.find()) {
            hits.add(new Hit(m.start(1), m.end(1), "AGE_OVER_89", "90+"));
        }
        dates(text, reference, lang, id, hits, han);
        return apply(text, hits);
    }

    // ---- the patient's own identity

    private static void identity(String text, PatientIdentity id, List<Hit> hits) {
        List<String> names = new ArrayList<>(id.fullNames());
        for (String f : id.familyNames()) {
            for (String g : id.givenNames()) {
                names.add(g + " " + f);
                names.add(f + " " + g);
                names.add(f + ", " + g);
                names.add(f + g);
                names.add(g.charAt(0) + ". " + f);
            }
            if (isHan(f) ? false : f.length() >= 2) {
                names.add(f);
            }
        }
        for (String g : id.givenNames()) {
            if (isHan(g) ? g.length() >= 2 : g.length() >= 2) {
                names.add(g);
            }
        }
        for (String n : names) {
            literal(text, n, "NAME", "[NAME]", hits, true);
        }
        // a relative shares the family name: the capitalised word before it is a given name ("Mary Smith")
        for (String f : id.familyNames()) {
            if (!isHan(f) && f.length() >= 2 && text.contains(f)) {
                Matcher m = Pattern.compile("\\b([A-Z][a-z'-]+)\\s+" + Pattern.quote(f) + "\\b").matcher(text);
                while (m.find()) {
                    if (!NOT_NAMES.contains(m.group(1))) {
                        hits.add(new Hit(m.start(), m.end(), "NAME", "[NAME]"));
                    }
                }
            }
        }
        for (String s : id.identifiers()) {
            flexible(text, s, "ID", "[ID]", hits);
        }
        for (String s : id.phones()) {
            flexible(text, s, "PHONE", "[PHONE]", hits);
        }
        for (String s : id.emails()) {
            literal(text, s, "EMAIL", "[EMAIL]", hits, false);
        }
        for (String s : id.addressLines()) {
            literal(text, s, "ADDRESS", "[ADDRESS]", hits, false);
        }
    }

    /** Case-insensitive occurrences; Latin names as whole words. */
    private static void literal(String text, String needle, String kind, String placeholder, List<Hit> hits,
                                boolean word) {
        if (needle.isBlank()) {
            return;
        }
        for (String token : needle.strip().split(" ")) {
            if (!mayContain(text, token, true)) {
                return; // the pattern below matches every token literally, so it cannot match
            }
        }
        String q = Pattern.quote(needle.strip()).replace(" ", "\\E\\s+\\Q");
        boolean latin = !isHan(needle);
        Pattern p = Pattern.compile((word && latin ? "(?<![\\p{L}\\p{N}])" : "") + q
            + (word && latin ? "(?![\\p{L}\\p{N}])" : ""), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        all(p, text, 0, kind, placeholder, hits);
    }

    /** Identifiers and phones: the same characters with any spaces, dashes, dots or parentheses between them. */
    private static void flexible(String text, String value, String kind, String placeholder, List<Hit> hits) {
        String core = value.replaceAll("[\\s().-]", "");
        if (core.length() < 4) {
            return;
        }
        if (!mayContain(squeezed(text), core, false)) {
            return; // every match is the core's characters with only separators between them
        }
        StringBuilder re = new StringBuilder("(?<![0-9A-Za-z])");
        for (int i = 0; i < core.length(); i++) {
            if (i > 0) {
                re.append("[\\s().-]{0,2}");
            }
            re.append(Pattern.quote(String.valueOf(core.charAt(i))));
        }
        re.append("(?![0-9A-Za-z])");
        all(Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE), text, 0, kind, placeholder, hits);
        if (core.startsWith("+86") || core.startsWith("86") && core.length() == 13) {
            flexible(text, core.substring(core.indexOf("86") + 2), kind, placeholder, hits);
        }
    }

    // ---- Chinese names with a title: 王医生, 李某某? (pseudonyms are kept), 张先生

    private static final Pattern CN_TITLED = Pattern.compile("([" + HAN + "]{1,3})(先生|女士|小姐|医生|医师|大夫|主任|教授|"
        + "护士长|护士|老师|同志)");

    private static void chineseTitledNames(String text, List<Hit> hits) {
        Matcher m = CN_TITLED.matcher(text);
        while (m.find()) {
            String cand = m.group(1);
            // the name is the last 1-3 characters that start with a common surname
            for (int k = 0; k < cand.length(); k++) {
                String rest = cand.substring(k);
                if (ChineseSurnames.starts(rest) && !rest.contains("某")) {
                    hits.add(new Hit(m.start(1) + k, m.end(1), "NAME", "[NAME]"));
                    break;
                }
            }
        }
    }

    // ---- dates

    private static void dates(String text, LocalDate ref, Language lang, PatientIdentity id, List<Hit> hits,
                              boolean han) {
        Matcher m = ISO_DATE.matcher(text);
        while (m.find()) {
            date(m.start(), m.end(), ymd(m.group(1), m.group(2), m.group(3)), ChronoUnit.DAYS, ref, lang, id, hits);
        }
        m = CN_DATE.matcher(text);
        while (han && m.find()) {
            if (m.group(3) != null) {
                date(m.start(), m.end(), ymd(m.group(1), m.group(2), m.group(3)), ChronoUnit.DAYS, ref, lang, id, hits);
            } else {
                date(m.start(), m.end(), ymd(m.group(1), m.group(2), "1"), ChronoUnit.MONTHS, ref, lang, id, hits);
            }
        }
        m = CN_MONTH_DAY.matcher(text);
        while (han && m.find()) {
            LocalDate d = ref == null ? null : ymd(String.valueOf(ref.getYear()), m.group(1), m.group(2));
            if (d != null && d.isAfter(ref)) {
                d = d.minusYears(1);
            }
            date(m.start(), m.end(), d, ChronoUnit.DAYS, ref, lang, id, hits);
        }
        m = US_DATE.matcher(text);
        while (m.find()) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(2));
            String y = m.group(3).length() == 2 ? "20" + m.group(3) : m.group(3);
            // month/day/year (US) unless the first number cannot be a month
            LocalDate d = a <= 12 ? ymd(y, m.group(1), m.group(2)) : ymd(y, m.group(2), m.group(1));
            if (a <= 12 && b <= 12 || d != null) {
                date(m.start(), m.end(), d, ChronoUnit.DAYS, ref, lang, id, hits);
            }
        }
        m = EN_DATE_MDY.matcher(text);
        while (m.find()) {
            String year = m.group(3) != null ? m.group(3) : ref == null ? null : String.valueOf(ref.getYear());
            date(m.start(), m.end(), year == null ? null : ymd(year, month(m.group(1)), m.group(2)), ChronoUnit.DAYS,
                ref, lang, id, hits);
        }
        m = EN_DATE_DMY.matcher(text);
        while (m.find()) {
            date(m.start(), m.end(), ymd(m.group(3), month(m.group(2)), m.group(1)), ChronoUnit.DAYS, ref, lang, id,
                hits);
        }
    }

    private static void date(int start, int end, LocalDate d, ChronoUnit precision, LocalDate ref, Language lang,
                             PatientIdentity id, List<Hit> hits) {
        String p;
        if (d != null && id.birthDate() != null && d.equals(id.birthDate())) {
            p = lang == Language.ZH ? "[出生日期]" : "[date of birth]";
        } else if (d == null || ref == null) {
            p = lang == Language.ZH ? "[日期]" : "[date]";
        } else {
            p = relative(d, ref, precision, lang);
        }
        hits.add(new Hit(start, end, "DATE", p));
    }

    static String relative(LocalDate d, LocalDate ref, ChronoUnit precision, Language lang) {
        long days = ChronoUnit.DAYS.between(d, ref);
        boolean before = days >= 0;
        long n = Math.abs(days);
        if (precision == ChronoUnit.MONTHS || n >= 60) {
            long months = Math.abs(ChronoUnit.MONTHS.between(d.withDayOfMonth(1), ref.withDayOfMonth(1)));
            if (months >= 24) {
                long years = Math.round(months / 12.0);
                return lang == Language.ZH ? "[约" + years + "年" + (before ? "前]" : "后]")
                    : "[about " + years + " years " + (before ? "before]" : "after]");
            }
            return lang == Language.ZH ? "[约" + months + "个月" + (before ? "前]" : "后]")
                : "[about " + months + " month" + (months == 1 ? "" : "s") + " " + (before ? "before]" : "after]");
        }
        if (n == 0) {
            return lang == Language.ZH ? "[当天]" : "[same day]";
        }
        return lang == Language.ZH ? "[" + n + "天" + (before ? "前]" : "后]")
            : "[" + n + " day" + (n == 1 ? "" : "s") + " " + (before ? "before]" : "after]");
    }

    private static LocalDate ymd(String y, String mo, String d) {
        try {
            return LocalDate.of(Integer.parseInt(y), Integer.parseInt(mo), Integer.parseInt(d));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static String month(String name) {
        String n = name.toLowerCase(Locale.ROOT).substring(0, 3);
        return String.valueOf(List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
            "dec").indexOf(n) + 1);
    }

    // ---- helpers

    /** ISO 7064 MOD 11-2 check of an 18-character Chinese resident identity number (GB 11643-1999). */
    public static boolean validChineseId(String id) {
        if (id == null || id.length() != 18) {
            return false;
        }
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        String check = "10X98765432";
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (!Character.isDigit(c)) {
                return false;
            }
            sum += (c - '0') * w[i];
        }
        return Character.toUpperCase(id.charAt(17)) == check.charAt(sum % 11);
    }

    private static int digits(String s) {
        return (int) s.chars().filter(Character::isDigit).count();
    }

    private static boolean isHan(String s) {
        return !s.isEmpty() && s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    /**
     * Whether {@code token} may occur in {@code text} under the case folding of the detector that searches for it: a
     * necessary condition only (it may say yes where the pattern finds nothing, never no where it finds something).
     * {@code unicode}: as a literal under {@code CASE_INSENSITIVE | UNICODE_CASE} (the comparison of
     * {@link Pattern}'s case-insensitive slices: {@code toLowerCase(toUpperCase(c))}); else under
     * {@code CASE_INSENSITIVE} alone (ASCII letters fold, anything else is compared as is). A token with a surrogate
     * pair is always said to occur.
     */
    static boolean mayContain(String text, String token, boolean unicode) {
        int n = token.length();
        if (n == 0) {
            return true;
        }
        char[] folded = new char[n];
        for (int j = 0; j < n; j++) {
            char c = token.charAt(j);
            if (Character.isSurrogate(c)) {
                return true;
            }
            folded[j] = fold(c, unicode);
        }
        for (int i = 0, last = text.length() - n; i <= last; i++) {
            int j = 0;
            while (j < n && same(folded[j], text.charAt(i + j), unicode)) {
                j++;
            }
            if (j == n) {
                return true;
            }
        }
        return false;
    }

    private static char fold(char c, boolean unicode) {
        return unicode ? Character.toLowerCase(Character.toUpperCase(c)) : c < 128 ? Character.toLowerCase(c) : c;
    }

    private static boolean same(char folded, char c, boolean unicode) {
        return folded == c || folded == fold(c, unicode);
    }

    /** The text without the characters {@link #flexible} allows between an identifier's characters. */
    private static String squeezed(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("()-. \t\n\u000B\f\r".indexOf(c) < 0) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static void all(Pattern p, String text, int group, String kind, String placeholder, List<Hit> hits) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            if (m.group(group) != null && m.end(group) > m.start(group)) {
                hits.add(new Hit(m.start(group), m.end(group), kind, placeholder));
            }
        }
    }

    /** Longest hits first; overlapping shorter ones dropped; replaced right to left. */
    private static Deidentified apply(String text, List<Hit> hits) {
        hits.sort(Comparator.comparingInt((Hit h) -> h.end() - h.start()).reversed().thenComparingInt(Hit::start));
        List<Hit> kept = new ArrayList<>();
        for (Hit h : hits) {
            boolean overlaps = false;
            for (Hit k : kept) {
                if (h.start() < k.end() && k.start() < h.end()) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(h);
            }
        }
        kept.sort(Comparator.comparingInt(Hit::start));
        StringBuilder out = new StringBuilder();
        List<Deidentified.Replacement> repl = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        int at = 0;
        for (Hit h : kept) {
            out.append(text, at, h.start()).append(h.placeholder());
            at = h.end();
            repl.add(new Deidentified.Replacement(h.kind(), new Span(h.start(), h.end()), h.placeholder()));
            counts.merge(h.kind(), 1, Integer::sum);
        }
        out.append(text.substring(at));
        return new Deidentified(out.toString(), repl, counts);
    }
}
