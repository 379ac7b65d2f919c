package dev.presign.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential vectors: each expected value was produced by Django 5.2's {@code
 * django.utils.text.slugify(value)} on CPython 3.11, for realistic file names and for random
 * strings drawn from Latin, Greek, Cyrillic, Hebrew, Arabic, CJK, combining marks, ligatures,
 * fullwidth and compatibility forms, mathematical alphanumerics, emoji, ASCII and Unicode controls,
 * and bidi characters. Characters added after Unicode 13 (the version Java 17 normalizes with) are
 * left out: NFKD of those differs between the two runtimes.
 */
class SlugifierDjangoVectorsTest {

  private final Slugifier slugifier = new Slugifier();

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of("lorem-ipsum.pdf", "lorem-ipsumpdf"),
        Arguments.of("\u00DCn\u00EFc\u00F6d\u00E9 r\u00E9sum\u00E9.PDF", "unicode-resumepdf"),
        Arguments.of("Screenshot 2024-06-07 at 10.15.32.png", "screenshot-2024-06-07-at-101532png"),
        Arguments.of("IMG_20240607_101532.jpg", "img_20240607_101532jpg"),
        Arguments.of(
            "Rapport annuel \u2013 version finale (2).docx", "rapport-annuel-version-finale-2docx"),
        Arguments.of("na\u00EFve caf\u00E9.txt", "naive-cafetxt"),
        Arguments.of("Stra\u00DFe.csv", "straecsv"),
        Arguments.of("\u00C6r\u00F8sk\u00F8bing.md", "rskbingmd"),
        Arguments.of("\u0152uvres compl\u00E8tes.epub", "uvres-completesepub"),
        Arguments.of("\u0130stanbul.jpg", "istanbuljpg"),
        Arguments.of("\u0141\u00F3d\u017A.png", "odzpng"),
        Arguments.of("\u0395\u03BB\u03BB\u03B7\u03BD\u03B9\u03BA\u03AC.txt", "txt"),
        Arguments.of(
            "\u0420\u0443\u0441\u0441\u043A\u0438\u0439 \u0442\u0435\u043A\u0441\u0442.doc", "doc"),
        Arguments.of("\u05E2\u05D1\u05E8\u05D9\u05EA.pdf", "pdf"),
        Arguments.of("\u0627\u0644\u0639\u0631\u0628\u064A\u0629.pdf", "pdf"),
        Arguments.of("evil\u202Egpj.exe", "evilgpjexe"),
        Arguments.of("\uFB01nal \uFB02ow.pdf", "final-flowpdf"),
        Arguments.of("\u216B chapters.txt", "xii-chapterstxt"),
        Arguments.of("\u2460\u2461\u2462.txt", "123txt"),
        Arguments.of(
            "\uFF26\uFF35\uFF2C\uFF2C\uFF37\uFF29\uFF24\uFF34\uFF28\uFF0E\uFF50\uFF44\uFF46",
            "fullwidthpdf"),
        Arguments.of("\u338F and \u339E.txt", "kg-and-kmtxt"),
        Arguments.of("\uD83D\uDE00.png", "png"),
        Arguments.of("  foo \u0131\u00E7 bar", "foo-c-bar"),
        Arguments.of("a\u0000b", "ab"),
        Arguments.of("tab\there", "tab-here"),
        Arguments.of("line\nbreak", "line-break"),
        Arguments.of("\u00A0nbsp\u00A0", "nbsp"),
        Arguments.of("x\u1680y", "xy"),
        Arguments.of("C:\\Users\\me\\Desktop\\cv.pdf", "cusersmedesktopcvpdf"),
        Arguments.of("../../etc/passwd", "etcpasswd"),
        Arguments.of("..", ""),
        Arguments.of(".", ""),
        Arguments.of("", ""),
        Arguments.of("___", ""),
        Arguments.of("---", ""),
        Arguments.of("-_-", ""),
        Arguments.of("a-_-b", "a-_-b"),
        Arguments.of("a - _ - b", "a-_-b"),
        Arguments.of("\u00BD price", "12-price"),
        Arguments.of("\u01C5emal", "dzemal"),
        Arguments.of("\uFB00 \uFB03", "ff-ffi"),
        Arguments.of("\u00C5 \u00C5", "a-a"),
        Arguments.of(
            "\u2171\u339E\u00E7\u0639\u05D1\uFB01\u200B\u2764\u24D0\uFF9D/\uD835\uDFD0\u0392\u00CE\u0300\u2164\u2009\u2028\u3000",
            "iikmcfia2iv"),
        Arguments.of("\u200F\u00AD\u2461\uFF76", "2"),
        Arguments.of(
            "\u249C\u0390\u30AB\u339E\u249D\u0627\u0627\u30AB\u211C\uFF0F|\uFB06D\u03B3\u001Cn\uFF0F\uD835\uDCD0\u3382\u05DC",
            "akmbrstd-naa"),
        Arguments.of(
            "\uD835\uDCD0\u2122\u672C\u0328\u3000\uFF11\u202F\u0439\u000B\uD83D\uDE00\u0301\uFF0F\u3000s\u0141\uD83C\uDFFDy\uD835\uDC01\uFB05\u00E7\u2162\u0303\uFB06\u01CC",
            "atm-1-sybstciiistnj"),
        Arguments.of(
            "\u0327\u33C8\u211C\uD835\uDC4E\u0451r\u01316\uFB01\uFF8A\u0401\u0132\u200F\u0301\uFB03\u03B4\uD83C\uDFFD\uFB01\u2460\u0302\u2111",
            "dbrar6fiijffifi1i"),
        Arguments.of(
            "\u339E\u0219\u0645\u754CK\u000B\u3000\u24B6\u0141\u216D\u2116\uD835\uDE56\u65E5\u2112=\uFB04\u200E\u03AC\uFF0D",
            "kmsk-acnoalffl"),
        Arguments.of("\uFB05", "st"),
        Arguments.of(
            "c\u2167\u2764L\u001B\u0302\uD83D\uDC69\u0179\uD835\uDCD0)\u30BF\u00BE\u754C\u001D\u3372\u2003B\u2169\u0149",
            "cviiilza34-da-bxn"),
        Arguments.of("\u0143\u2068\u0627\u216E\uFB04\uD83C\uDF89\u338F\u200B\u001E", "ndfflkg"),
        Arguments.of(
            "\u3382\u0645\u030A\uD83D\uDC68\u2461\u3372\uFB00\uFF10\u030Az\u00E8\uD835\uDDD4\u064A\u0327\u3383\u33C8",
            "a2daff0zeamadb"),
        Arguments.of(
            "\uFF23\uD835\uDFCF\u01CB\u05EA\u202F\uFB05\u210B\u000C\u3382\u0419_\uFF3C\u00B3\u000B\u2172",
            "c1nj-sth-a_3-iii"),
        Arguments.of(
            "\u05D5\uFF01\u216C\u03B2\uD83D\uDC67\u2069\u0143\u001E\uFB02\u0308\u00A0\uD835\uDC01\uD83C\uDFFDe\u210B\uFF3C\u00A0\uD83C\uDF89\uFF3C8",
            "ln-fl-beh-8"),
        Arguments.of(
            "\u00C5\uFB04\u3380\u2153\u2166\u0627\u00EA\u05EA\t\u2028\u001B\u0100\uFF21\u0303\u2029\u00C1\u202F\u205F\u672C",
            "afflpa13viie-aaa"),
        Arguments.of(
            "\uD835\uDC00\u216D\u2460\u3372\uFB05\uD835\uDC4F\u0106\u2122\u00AD\u33C4\uFF12\u2166",
            "ac1dastbctmcc2vii"),
        Arguments.of(
            "o\u00C4\u030A\u30BF\uFF41\u0394\u216E\u001E\uFB02g+\u0627\u017Fu\u211C",
            "oaad-flgsur"),
        Arguments.of("\u00DD\u044B\u00E1\uD835\uDE8A", "yaa"),
        Arguments.of("\u00B3\u2463\u00B9\u208A", "341"),
        Arguments.of(
            "<\u211D\u0308\u00ED\u200A\u2002\u205F\u0301\u4F60\u03B4\uFF11\uFE0F\r\u30CA\u205F\uFF41\u672C\u044A\uAD6D",
            "ri-1-a"),
        Arguments.of(
            "\u0141\uFF42\u200D\u0627\u0149\u200A\uFF3C\u2009\uFF12\u0327\u030A\u021A\u24D0\u2110\u202C",
            "bn-2tai"),
        Arguments.of("\u3381\u33C4\uFE0F\u2075", "nacc5"),
        Arguments.of(
            "\u211B\u00F2\uD835\uDC01\uD835\uDD38\u016F\u2474\u2110\u212C\u0148\u0308\u001B\u00F9\uFF43\uD83C\uDDEB\u3381\u3381\uC5B4\uD83D\uDE00\uD83D\uDC68\u05D9\uD835\uDD04\u3371\u05D0",
            "robau1ibnucnanaahpa"),
        Arguments.of(
            "\u754C\u2464L\uFF9D\u202F\u064B\u2764\u00C3\uFB03\u00C5\u017F\u339E\u3000K\\",
            "5l-affiaskm-k"),
        Arguments.of("&^\u2162\u007F\u0631\uD83D\uDC4D\uD835\uDC01", "iiib"),
        Arguments.of("\u0390%\u0301\t\u064A\uFF12\u3381", "2na"),
        Arguments.of("\u00CD", "i"),
        Arguments.of(
            "\u200C\uFF3C\u2463\u3372\u212D\u0007\u0000!\u0416\u65E5\u3382\uD83D\uDC68", "4daca"),
        Arguments.of(
            "\u0302\u0627[\u0300\u0629\u2153\u2029\u2162\u2169\uD83D\uDC67\u200D\u33C8\u0627\u2171\u00DA\u0143\uFF42\u0301\u202E\u0419\u00A0\u200A",
            "13iiixdbiiunb"),
        Arguments.of("\u2127\u0401\uFB04\u65E5\u2161\u2071\u2168\u3382", "ffliiiixa"),
        Arguments.of("\u2075\uFF3C\u200B\u200A\u33C8\u2009\u000C\u00A0\u24D1", "5-db-b"),
        Arguments.of("\u021B\uD55C\uD835\uDC02\u2169\u0451\u3383\u65E5\u0439\u216B", "tcxmaxii"),
        Arguments.of("\u205F\u2461\u05DC\u2165\u05D9", "2vi"),
        Arguments.of("\u00F6", "o"),
        Arguments.of("\uD83D\uDE00\uD83C\uDFFD]\uFB06\u2127\u2464\u249D\u0302]\u30AB", "st5b"),
        Arguments.of(
            "\u30BF\u3372\u2168\u0085\u042A\u00DE\u200D\u2009\u001C\u33C4\u2080\u4E16B\u30AB",
            "daix-cc0b"),
        Arguments.of("\u01C8\u8A9Eg\u2009\u017E\u200D`^!\n\u208A\uD83D\uDC69\u00F5", "ljg-z-o"),
        Arguments.of(
            "\u2764\u2166\u0631\u01C7\u2164d\u0300\u0159\uD835\uDE22\uFF23\uD835\uDC01!\u0628\u00BE\uD835\uDFCF",
            "viiljvdracb341"),
        Arguments.of(
            "\u2002\uAD6D\u0628\u202B\u2172\u2009\u00C5\u0149\u044BL\u001D\u2461\u001C\u001B\uFE0F\u05D9\uFF0E\u001F",
            "iii-anl-2"),
        Arguments.of("=\u2067\u0401\u24D1\u2069\u0165\t\u2002\u0328\uFF22\u2067", "bt-b"),
        Arguments.of(
            "\u2462\u24D0%\u05E8.\uFB05\u0328\u754C\uFB03\uD83D\uDC4D\u210C\u0301\u000B\u00A0\u0391\uD83D\uDC69\u3371\u03B1g\u0628\uFF21\u05E2",
            "3astffih-hpaga"),
        Arguments.of(
            "\u200Fb\uFB06\uFF23\u00E6\u05D5\uFB03\u001E\u3381\uC5B4\u2082\uFF3F\u05B8\uFB00&\u3382\u0007\uD835\uDFD0%\uD83C\uDDF7",
            "bstcffi-na2_ffa2"),
        Arguments.of(
            "\uD835\uDC9C\u24B6\uD835\uDFD7\u2003\u33C8\uFB02]\u0628\u000B\u2009\u0007\u0303\u2002\u05EA\u2071\u00BEn\u2075\uFF41",
            "aa9-dbfl-i34n5a"),
        Arguments.of("\u3383\u2163:\u30CA\u2082d\u24B6\u00AD\uD835\uDFCE", "maiv2da0"),
        Arguments.of(
            "\uD83D\uDC67\uD835\uDFD0\uD835\uDC4E\u00EAH\u30BF\u211A\u05E9\n\u2463\u017E\u2075\u0100 \u0161\u001C\u030A\u2171\u24B7\u3000",
            "2aehq-4z5a-s-iib"),
        Arguments.of(
            "\u05EA\uD835\uDFCE\u0401\u015A\u33C8\u3383\uD83D\uDE01\u4F60\u2009\u00B9\u207F\u01C7",
            "0sdbma-1nlj"),
        Arguments.of("\u2165\u65E5\uFF12\u00A0\u016E\uFB03\u211C\u00EB6\u24B7[", "vi2-uffire6b"),
        Arguments.of(
            "C\u01CB\u05D9\u00F3\u2002\uFB00\u0152\u216B\u0401\uD83C\uDDF7\u8A9E\u0439\u200B\u001C\uFF9D\u0111\uD835\uDD86\u030A",
            "cnjo-ffxii-a"),
        Arguments.of(
            "\u202At\uD835\uDFD7<\u0100\u0392\u2462\u2474\u2003\u0328\u210D\u216A\uD835\uDC01_\u05B8\uFB03\uD835\uDC9C\u0118\u00E2#v\u0302",
            "t9a31-hxib_ffiaeav"),
        Arguments.of("\n\u2122", "tm"),
        Arguments.of("\u0328\u2474", "1"),
        Arguments.of(
            "\u210B\u20091\u200D\u215B\u2462\uFF3F<\u2165\u33C4\uFB06\u00BD\uFF0D\u021A\uFF23\u00EA",
            "h-1183_viccst12-tce"),
        Arguments.of(
            "\u672C\u0631\uD835\uDCD0\u064A\u672C\u202C\uFB06\uD835\uDFCF\u0327\u2163\uD835\uDE8A\u0007\u00A0\u00C5",
            "ast1iva-a"),
        Arguments.of(
            "\u210C\u0103\u2160\u007F\u0392\u339E\u2462\u3000\u001B\u3381\u0627\u00C1\u030A\u00F4\u00E5\uD835\uDC4E\u001F\n\u00E1\u202F\u2168\u00A0e\u0301",
            "haikm3-naaoaa-a-ix-e"),
        Arguments.of(
            "\uD835\uDFD7\uFE0F\u00FA\uFF413\u249C\u200A\u03B3\u0085\uFB02\u00B3\uC5B4\u0628\uFF0F",
            "9ua3a-fl3"),
        Arguments.of(
            ">\uFB06\u3372\u200Ax\u2075\u202F\u24D0\u001C\u0085\u2163\u2164\uFB04\u208A\u65E5L\u00FD\u2082",
            "stda-x5-a-ivvfflly2"),
        Arguments.of(
            "\u2474\u3383~\u205F\u2170\u30BF\uD835\uDDD4\u011F\u00CF\u3000\u00F6\u030A\uFF0E\uFB05\u0133\u062D\u249C\u2163\uD835\uDD52\u2066",
            "1ma-iagi-ostijaiva"),
        Arguments.of(
            "\u4E16\u0302\u0303\u200C\u0308\u210D\uD835\uDFD7\u0439\u2169\uFF0D\u2102\u216C+\uD83C\uDDF7",
            "h9x-cl"),
        Arguments.of("\uFB03&\u216E\u0327\u2169\u207F\u216A", "ffidxnxi"),
        Arguments.of(
            "\uD835\uDFCF\uD835\uDDD4\uD835\uDC4F\u211C&i\u00FF\uFF0F\uFF0D\u001E\uFF11\u210C`\u24B6\uD835\uDFD7\u3383\u2069\u202C\u05E2",
            "1abriy-1ha9ma"),
        Arguments.of("\uFB00\u211D\u3382\u0300\u215B\u2463\u05D0\u3371", "ffra184hpa"),
        Arguments.of(
            "\u2081\uFF0E\u001B\u24D1\u249C\u00CB\u200A\u0401\u0149\u00BD\uD835\uDD86\uD835\uDC4E\u3000\uD83D\uDC68\uFF0F\uD83D\uDE00",
            "1bae-n12aa"),
        Arguments.of(
            "\u011B\u30AB\u200D\u2003\u200D\uFB01\u200Ar\u00F5\uFF3F\uD83D\uDC68\uFB05\uD835\uDCD0\u03B1\uFB05\u24D0\u0085",
            "e-fi-ro_stasta"),
        Arguments.of("\uFF9D\uFE0F\u30BF\u2066\u05D1\uD83D\uDC67\u0085", ""),
        Arguments.of("u\u216Cg\u338F\u2170&\u00BE\u00A0", "ulgkgi34"),
        Arguments.of(
            "\uD835\uDD38\u205F\u2071\u001C\u000C\uD83C\uDDF7\u200F\u00D6\u0308|\u3382\u2169\uD835\uDC02\uFF76\u05E9\u030A\u30AB\u2160\u200EO\u205F\uAD6D\uFB02\u24B7",
            "a-i-oaxcio-flb"),
        Arguments.of("\u00F4\u2163%\u2069\uD835\uDD04\u0308\uFF22\u2172", "oivabiii"),
        Arguments.of(
            "\u00CA\u030A\u216B*\u01CA\u0327\uD835\uDDD4\uFF43\u33C8\u2002\u2165\u00B3\u2162\u2071\u0159\u3383\u0000\u200F",
            "exiinjacdb-vi3iiiirma"),
        Arguments.of("\u0302\u000C\u33C8j\u0142\u24D0\u200F\uFB06\uD83D\uDE00\u208A", "dbjast"),
        Arguments.of(
            "\u2461\uFF10\uC5B4R\uAD6DC\u01C6\t\uD83C\uDDEB@\u249C\u2170\u00BC\u2102\u216C\u001D\u0303\u216E\u007F\u0627\uD83C\uDF89\u2460",
            "20rcdz-ai14cl-d1"),
        Arguments.of(
            "!(\u3380\uD83D\uDC69\u2461\u0627\u0303\uFB06\u0419\u0308\u200D\u00DD\u2463\u00A0\u0192\u4F60",
            "pa2sty4"),
        Arguments.of(
            "%\u3382\uD83D\uDC68\u0133\u2003\uFB03\u0394\uD83D\uDE01\u2170\uD55C ", "aij-ffii"),
        Arguments.of("\u0007\u05D1\u03B2\u216D\u3000\u2102\u2102\u00AD", "c-cc"),
        Arguments.of(
            "D_\u0302\uFEFF\uFB01\u4E16\u00BD\uD835\uDD38\u00B3\u0178\u00C8\u0300f\u00BE\u338F\u2080\u0179\u202D\u03AD\u0106\uFB03\u03B3",
            "d_fi12a3yef34kg0zcffi"),
        Arguments.of(
            "\u0153\u30AB\uFF3C\u06275\uFF10\u216A\u2168\u2764\u200A\u2460\u00FD\uD835\uDE56",
            "50xiix-1ya"),
        Arguments.of(".;\u3000)\u00E6\uFB05\u2461\u0159", "st2r"),
        Arguments.of(
            "\u3383=\u0162\r\u0393\u24B7O\uFB05\"@\u3383|\u2067\uD83D\uDE00\uD83C\uDDEB|\uFF12\u015Ay\u00E6\uD835\uDC9C",
            "mat-bostma2sya"),
        Arguments.of(
            "\u2167\u03B1\u24EA\uFF41\uFF0FE\u200A\uD835\uDFCE\u205F\uD83D\uDC4D\u05EA\u00BD\u00C5\u200D\u65E5\\\u001F\u00C5\u200A\u216B",
            "viii0ae-0-12a-a-xii"),
        Arguments.of("\uFEFF\u8A9E\u03B1\u00B3", "3"),
        Arguments.of("\u2461\uFE0F\u210A\u0149\uFB03\u2160", "2gnffii"),
        Arguments.of(
            "\uD83D\uDE01]\n*\u2474\u00BE\uFB04\u202F\u0302\u202B\u216A\u001C\u03B3\u200E\u0303\u2111\u2102\uFB00",
            "134ffl-xi-icff"),
        Arguments.of(
            "\uD835\uDFD7-\u03B1\uD835\uDE56\u672C\u2171\u210E\u205F\uFB00\u2003\u00B3)\u0631\u2475",
            "9-aiih-ff-32"),
        Arguments.of(
            "\u0328\u249C\u030A\uFB06\u202B\n\u211B\u0300\u65E5\u0419\u202C\u05DC\u0436\u05EA",
            "ast-r"),
        Arguments.of(
            "2\u0085\u001C\u2464\u017F\u210E\u2003\u00BD\u0644\uFF0Dz\u0308", "2-5sh-12-z"),
        Arguments.of(
            "\u00FD\u202D\u030A\u2127\uFB04\uFF41\u00EF\u0303\u001E\u05B8 \u062D\uFB01\uD835\uDE56\u212D",
            "yfflai-fiac"),
        Arguments.of(
            "\u3380h\u001B\u3383\u0392Z\u33C4E\u2002\uD835\uDCD0:\uD835\uDFD0^\u2009\u00AD\u00C8]\u211A\u30CA\u2163\uFF21\u00A0\uD83C\uDDEB\u00D8",
            "pahmazcce-a2-eqiva"),
        Arguments.of(
            "\uFF10\u2029\u205F\"\u00CF\u2075\u00E4\uD83D\uDC4D\u200D\u0302?\uD83D\uDC67\u2002\u2075\u2167\u216D\u0300\u0149\u0627",
            "0-i5a-5viiicn"),
        Arguments.of("\uFF01\u212D\u0308\u0159\u00BC\u2110", "cr14i"),
        Arguments.of(
            "\u0301\u0142\u33C4\u0419\u3000\uFF0D\u2067\uD835\uDD38\u3371\uD83D\uDE01\u0007\u3000\u208A\u00C5\u215B",
            "cc-ahpa-a18"),
        Arguments.of(
            "\u2475\u202C\uD835\uDD86\u0394c\u2475\r\u0161\uFF42\u01CB\u0303\u00B9\u2764\u05DC",
            "2ac2-sbnj1"),
        Arguments.of(
            "\u2162\u200D\u202F\u202F\u000B\u03AC\u33C8%\uD83D\uDE00\u0142\u2460\u0627\u3371\u05D1\uFB06\u0000\u0416\u0628\u2068\u05EA\u03AC\uFF41\uFF3F",
            "iii-db1hpasta"),
        Arguments.of(
            "\uFB04\u0628\u021A\u00E5\u202C\uFF3C\u3371\uD83D\uDE00\u24B7\u0007!\uFF0F\u030A\u2764",
            "ffltahpab"),
        Arguments.of("\u2081\u2075\u2462\uD835\uDC9C\u01C9", "153alj"),
        Arguments.of("\u2080\u33C4\u216C\u3381", "0cclna"),
        Arguments.of(
            "\u202F\u216E\u2170\uFB02C\u00A0\uD835\uDCD0\u210A\uFF43\uFF0D\uD835\uDD04\u2764\u001D\u2110\u001D\uFF10\u2171*",
            "diflc-agc-a-i-0ii"),
        Arguments.of("/\uD835\uDFD0\u24B7\u30BF\u030A\u210B\uAD6D\u200D\u0000", "2bh"),
        Arguments.of("'\u3371\u3000", "hpa"),
        Arguments.of(
            "\uAD6D\u05D5\u33C8\uFEFF\u015A\u2170\uFB05\u0303\u202F}\u000C\uFF41\u0645\u215B\u216C\u33C8\u249D\u0439\uFF43\u212C\u00AD\u2003\u3371\u2463",
            "dbsist-a18ldbbcb-hpa4"),
        Arguments.of(
            "\u0141\u2066\uFF21\u03B3\u2170\u00ED\uD835\uDE8A\uFB03\uD835\uDD38\u05DC\u2003\u30AB\u2002\u0394\r",
            "aiiaffia"),
        Arguments.of("\uFF42\uD55C\u2172{", "biii"),
        Arguments.of(
            "\u30CAf\u0302\u00D8\u3000\u00F1\u200A\u0419\u0327\u0328\u672C\u200C\u0627\uFF76\uFB03E\uD835\uDD04[\u216A\u2164\u0162e\u24B7",
            "f-n-ffieaxivteb"),
        Arguments.of("\u03B3\uFF78\u2122", "tm"),
        Arguments.of(
            "\u00A0\u24EA\u00EC\uD835\uDD52\u00D1\uD835\uDCD0\u2461\uFB02\u01F0\uFF22C",
            "0iana2fljbc"),
        Arguments.of("\u249C\u0391", "a"),
        Arguments.of(
            ".\uD835\uDFD7\u2068\uFF76\uFB06\u05B8\u2161\u0628]\u30AB\u2071\uD83C\uDDF7", "9stiii"),
        Arguments.of("\u3381\u001D\u3000\u2003\u2081\uFF12\u0327\uD835\uDC01", "na-12b"),
        Arguments.of("&=", ""),
        Arguments.of(
            "\u2170\u202F\uFF12\uFB00\u0149\u01CA\u2081\u05E9\u00BC\uD835\uDFD7\u0327\u021B\u0303\u0149\u202D\u015A\uD83D\uDE00\u0303\u208A\u2075",
            "i-2ffnnj1149tns5"),
        Arguments.of(
            "\uFF21\u672C\u211D\uFF12F\uFF12\u207F\u2463(\uFF3F\uD83D\uDC68\u2122\u0301\u2461\u3381\u2029\uD83C\uDDF7\u0007K\u2081J\u210D\uFF22",
            "ar2f2n4_tm2nak1jhb"),
        Arguments.of("\uD83C\uDDF7\u2167V=", "viiiv"),
        Arguments.of(
            "'\u021A\u0301u\uFF8A\u001F\u202D\u2172\n\u2003\uD835\uDD52\u2165\u030A\u2461\u05D1\u3000\uC5B4\u00BE\u05E2\u2464m",
            "tu-iii-avi2-345m"),
        Arguments.of(
            "\u24D0\uFB03\u042B\u0451\u00DF\u339E\u210E\u05DD\u0141\uD83C\uDFFD\u2463?\u0301\u00B2\u0439\u0308\u30BF\u200E\u0627\n\u044A\u00FD",
            "affikmh42-y"),
        Arguments.of(
            "\u4E16\uD83C\uDFFD\uD835\uDC00\uFF3C\uD835\uDC4E\u00C5\u2161\uFE0F\u0000\uFF23\uFB03\u0301\uD83C\uDDF7\u00F5\u01CC\u3381\u00B9\uFF0E\u0394\u202B\uFB06\u2463\u0328\uD83D\uDE00",
            "aaaiicffionjna1st4"),
        Arguments.of(
            "\u200F\u0161\u0631\u042A\uFB00\t\u2169\u0393\u2080\uFF42\u249D\uD83D\uDE00\u33C4\u200A\u00B2\u2009\uD83D\uDC68\uFF22\u0142",
            "sff-x0bbcc-2-b"),
        Arguments.of("\u00B2\u2462\u2082", "232"),
        Arguments.of(
            "\uFF21\u2163\u00BC\uD83D\uDC67\u0328\u001F\uFF23\uFE0F\u2161\u24B6kz\u03B4\u0007",
            "aiv14-ciiakz"),
        Arguments.of(
            "\u03B4\uFF11\u0303\uD83D\uDC68\uFF3C\u0393\uD83D\uDC68F\u0451\u0627\u200A\u24D1\u2080\uFB04\uFB03\u0302\uFF3C\u03B3\u2170,\uFF22",
            "1f-b0fflffiib"),
        Arguments.of(
            "\uFF10\u205F\u2110\u249D\uD83D\uDC67\u05E9\u0085\u200E\u05D5\u0301@\uFF11\u01CB\uFB06\u2066\tYK\u030A\u65E5\u0631\u24EA\u2161Y",
            "0-ib1njst-yk0iiy"),
        Arguments.of(
            "\uFF9D<\u00C5\uD835\uDE8A\u064Ad\uFF0E?M\u0327\u00E8\u0629\u0300\uFF43\u30AB\u3371\uD83C\uDF89\u2166\u00D1",
            "aadmechpaviin"),
        Arguments.of(
            "]\u2162\u064A\u30AB\uD83D\uDC67\u24D0\u2009\u2069Y\uD83D\uDC67\u00E8\u339E\u0629i",
            "iiia-yekmi"));
  }

  @ParameterizedTest(name = "[{index}] -> \"{1}\"")
  @MethodSource("vectors")
  void matchesDjango(String value, String djangoSlug) {
    assertThat(slugifier.slugify(value)).isEqualTo(djangoSlug);
  }
}
