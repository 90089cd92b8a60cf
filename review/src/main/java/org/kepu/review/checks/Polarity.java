package org.kepu.review.checks;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which way a result clause points: a promised benefit (the symptom went away, the value came down) or a
 * feared harm (the organ is ruined, a disease set in). A family's own effect words cannot list every way
 * people say "it worked" or "it hurt me"; the direction of the result, next to the family's subject, is
 * evidence of the family's claim even when the exact words are new.
 *
 * <p>Only strong results count. Mild, true-to-life consequences (容易拉肚子, 眼睛疲劳) are left out so that
 * ordinary advice about the same subjects does not read as a myth.
 */
final class Polarity {

    enum Direction {
        BENEFIT,
        HARM
    }

    /** Up to {@code n} characters within a clause, none of them a negator (血脂没降下来 is no result). */
    private static String gap(int n) {
        return "(?:(?![没不未无]|别(?!人))[^，。！？；,;]){0," + n + "}?";
    }

    /** A result clause and its direction, local offsets of the searched text. */
    record Result(Direction direction, int start, int end) {}

    /**
     * Things a benefit claim makes go away or come down; result words that also describe everyday changes
     * (没了, 小了, 化开, 降了) count only after one of them, and never across a negator (血脂没降下来).
     */
    private static final String AILMENT = "病|毛病|病根|症状|痛|疼|炎|癌|瘤|肿块|包块|结节|血栓|斑块|斑|痘|痘痘|皱纹|白发|白头发"
            + "|血压|血糖|血脂|尿酸|胆固醇|近视|度数|失眠|便秘|感冒|咳嗽|烧|湿疹|结石|息肉|囊肿|老寒腿|突出|风湿|关节|三高"
            + "|色斑|黄褐斑|黑眼圈|肚腩|赘肉|脂肪|体重|毒素|垃圾|宿便|湿气|寒气|淤堵|堵塞";

    private static final Pattern BENEFIT = Pattern.compile("(" + AILMENT + ")" + gap(8)
            + "(好了|好转|消了|没了|退了|淡了|小了|变小|缩小|消下去|消退|不见了|断根|除根|改善|减轻|缓解|回去了|化开|化掉|溶开|溶掉|溶了"
            + "|散了|通了|降(了|下来|下去|到)|正常了|稳稳|排(走|掉|出|干净)|清(走|掉|干净)|冲(走|掉|干净|通))"
            // Words that only ever describe an ailment going away need no named ailment (积液…就消了).
            + "|消了|消下去|消退|治好|治愈|痊愈|断根|除根|根治|药到病除|不药而愈"
            + "|(血管|经络|血脉|经脉)" + gap(4) + "(通了|畅通|软了|变软|干净|冲通|打通)"
            + "|再也没(犯|疼|痛|发作|复发|生过病|生病|感冒|去过医院)|(整个|一整个|一个)?(冬天|夏天|季|年|月)" + gap(3) + "(都)?没(感冒|生病|病过|咳嗽)"
            + "|不(疼|痛|酸|麻|咳)了|不用(再)?(吃药|打针|住院|做手术|开刀|看医生)了?"
            + "|壮得|结结实实|年轻(了)?" + gap(2) + "(好几|十|几)岁|长高(了)?" + gap(2) + "[0-9一二三四五六七八九十几]+(厘米|公分)"
            + "|(黑|补|长)回来|(掉|瘦|减)(了)?[0-9一二三四五六七八九十几两]+斤");

    private static final Pattern HARM =
            Pattern.compile("(肝|肾|胃|心脏|身体|身子|脑子|大脑|眼睛|血管)(就|都|可)?受不了|(弄|搞|烧|吃|喝|冻|害|用)(坏|垮|废|秃)|(坏|废|毁|垮)了"
                    + "|伤(肝|肾|胃|脑|身|身体|元气|根本)|毁(了|掉)|出(了)?(事|大事|毛病|问题|人命)|要(了)?(人)?命|命都(没|不保)"
                    + "|(长|生)(了)?(东西|瘤|肿瘤|癌|结节|包块)|得(了)?(癌|癌症|肿瘤|白血病|怪病|大病|重病|脑瘤|胃癌|肝癌)|秃(了|头)?|掉头发|脱发"
                    + "|(血压|血糖|血脂)" + gap(4) + "(高了|升高|飙|上去了)|中毒|有毒|毒(死|害)"
                    + "|(怀|要|生)(孩子|宝宝|娃)?" + gap(4) + "(难|不上|不出)|怀不上|生不出|当(妈妈|妈|爸爸|爸)" + gap(2) + "难"
                    + "|(不|越来越不)灵光|变(笨|傻|呆)|(精子|那方面)" + gap(4) + "(没劲|不行|坏|少)|碰不得|致命|折寿|短命|早衰|畸形|断子绝孙");

    private Polarity() {}

    /** The first strong result of direction {@code d} in {@code text}. */
    static Optional<Result> find(String text, Direction d) {
        Matcher m = (d == Direction.BENEFIT ? BENEFIT : HARM).matcher(text);
        return m.find() ? Optional.of(new Result(d, m.start(), m.end())) : Optional.empty();
    }
}
