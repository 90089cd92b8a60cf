package org.kepu.review.checks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words that tell mention from assertion in Chinese popular-science writing.
 *
 * <p>Patterns are written against the sentence text; the exclusions after single-character negators
 * (不少, 不断, 别的, 未来 …) keep ordinary words from reading as negation.
 */
final class Cues {

    /** Refutation words and frames; any of them in the sentence is a verdict against the claim. */
    static final Pattern STRONG_REFUTE = Pattern.compile("谣言|谣传|辟谣|伪科学|伪命题|误区|误解|误读|谬误|谬论|不实|假消息|假新闻|虚假宣传|真相"
            + "|无稽之谈|子虚乌有|以讹传讹|骗局|骗人|诈骗|忽悠|智商税|噱头|炒作|迷信|谎言|荒谬|荒诞|站不住脚|不靠谱|不可信|不科学"
            + "|不正确|不对(?!称|劲|外)|是错(误)?的|错误的(说法|观点|认识|认知|观念|做法)|说法(是)?错误|不是真的|不是事实|并非事实"
            + "|不属实|与事实不符|不准确|被(证实|证明)(是|为)?(假|错|谣)|早(已|就)被(推翻|否定|证伪|辟谣)|被推翻|被否定|证伪"
            // who refuted it may stand between: 早已被急救指南否定, 已被大量研究证伪
            + "|(早已|早就|已经|已)被[^，,。；;！!？?]{1,8}?(推翻|否定|证伪)"
            + "|别再信|不要(再)?(相信|信)|别信|不可(轻)?信|不要轻信|切勿(相信|轻信)|勿信|小心(上当|受骗)|上当受骗"
            + "|(没有|缺乏|缺少|并无|毫无|尚无|未见|无)(任何)?(可靠的|充分的|足够的)?(科学|医学|事实|临床|实验)?(上的)?(依据|根据|证据|道理)"
            + "|没有(得到)?(科学|研究)?(证实|证明)|未经(科学)?(证实|验证)|(目前)?尚未(被)?(证实|证明)|并非如此|事实并非|其实不然|不是这样"
            + "|不成立|行不通|做不到|办不到|不可能(的|实现)|根本不可能|纯属|夸大(其词|了)?|偷换概念|混淆(了)?概念|误导|说不通|经不起推敲"
            + "|误以为|误认为|错以为|错误地认为|不要以为|别以为|想当然|一厢情愿|心理安慰|安慰剂效应|微乎其微|没什么用|没有用|没用|无效(?!退)"
            + "|无关|没有(直接|必然)?(关系|联系|关联)|没关系|扯不上|并无关联|不存在|违背|违反(了)?(能量守恒|热力学|物理|科学)|答案是否定的"
            + "|不值得(相信|信)|不足为信|不足信|胡说|瞎说|乱说|不要盲目|别盲目|以偏概全|早已过时"
            + "|误会|错觉|(是)?多余的|大可不必|(不必|不用|无需|无须|没必要)(过度)?(担心|恐慌|焦虑|害怕|紧张)|请放心|可以放心|杞人忧天"
            + "|(没有|并无|毫无)(什么)?(区别|差别|差异|两样)|无异|远低于|低于(国家|国际)?(安全)?(标准|限值|限量)|安全范围(内|之内)|符合(国家)?(安全)?标准"
            // Verdicts written as judgements on feasibility, evidence or motive rather than as 谣言/错误.
            + "|不现实|否定了|(是)?不可逆(的|转)?|无一例外(地)?(是|都是|以)?失败|无一(能|可以|成功)|经不起(推敲|检验|验证|考验)|经得起(检验|推敲)(的)?(没有|一个也没有)"
            + "|没有一个经得起|毫无根据|毫无科学|查无实据|凭空捏造|捏造|造谣|不攻自破|危言耸听|言过其实|耸人听闻|夸大其辞"
            + "|(早(有|已有)|已有|已经有)(科学)?定论|(只是|不过是|无非是|仅仅是)(一种)?心理作用|心理暗示|安慰剂"
            + "|营销(噱头|手段|话术|套路|陷阱)|收割|割韭菜|交智商税|鼓吹|撤稿|撤回了?(论文|研究)|(并没有|没有|并无|毫无)(多大|什么|任何)?(作用|效果|帮助|意义|好处|科学道理)"
            + "|(几乎|根本)?起不(了|到)(什么|任何)?(作用|效果)|(几乎|根本)?(没有|无)(什么)?(作用|效果|疗效)|达不到|治不好|治不了|不靠谱"
            + "|(?<![不])(正确|科学)的(做法|方法|处理方法|处理方式|急救方法)(是|应该是|应当是)|不建议|不推荐|切忌|千万不要(这样|这么)做"
            + "|无一(人|例|个)|(找不到|拿不出|查不到|未发现|没有发现|没发现)(任何)?[^，。！？；]{0,10}(证据|依据|关联|联系)"
            + "|不符合(物理|科学|医学|常识|事实|原理|客观)"
            // Advice against a folk remedy is a verdict on it: …的土办法千万不要用, 这些偏方可别再用了.
            + "|(土办法|土方子?|偏方|老办法|老法子|做法|方法|法子|办法)[^，。！？；]{0,6}(千万|可|最好|一定)?(不要|别|不能|切勿|勿)(再)?(用|信|试|学|照做)"
            + "|吓人(的)?话|吓唬人|唬人|(没有|毫无|没)(半点|一点|丝毫|任何|什么)(关系|联系|关联)"
            + "|(研究|证据|数据|结果)[^，。！？；]{0,6}并不支持|不支持[^，。！？；]{0,12}(说法|观点|结论)"
            + "|(只是|不过是|纯粹是|无非是)[^，。！？；]{0,4}(想象|臆想|误会|传说|编的|虚构)"
            + "|(哪边|哪个方向|怎么|随便)[^，。！？；]{0,6}都(可以|行|没问题|没关系|不影响)|放心(吃|喝|用|睡)"
            + "|不可能[^，。！？；]{0,6}(看到|看见|分辨|认出|做到|实现)|(并)?不可靠|靠不住"
            // The harm done by believing the claim is itself a verdict on it.
            + "|(耽误|延误|贻误)(了)?[^，。！？；]{0,6}(治疗|病情|时机|治病)|病急乱投医");

    /** A refutation word that is itself denied (这不是谣言) turns into an assertion. */
    private static final Pattern DENIAL_BEFORE = Pattern.compile("(不是|并非|绝非|绝不是|可不是|并不是|不属于|不算|不再是)$");

    /** Negators that scope over a following claimed effect. */
    static final Pattern NEGATOR = Pattern.compile("并不|并没有|并没|并非|并未|不能|不会|不可能|不可以|不可|不足以|不一定|不等于|不代表|不意味着"
            + "|不是|不再|不具备|不具有|不存在|无法|无从|无助于|没有|没能|没法|未能|未必|未曾|难以|谈不上|算不上|称不上|根本不|绝不|从不|不曾"
            + "|(?<![区特分类级性个辨识告鉴差派])别(?![的人处样说看慌急怕担])|勿|(?<![淹埋湮出吞])没(?![收])|未(?![来成知婚])"
            + "|(?<![再要])不(?!仅|但|少|断|同|久|过|管|论|如|光|止|时|停|适|良|已|得不|要紧|外乎|妨|错|利|安|满|明|幸|知不觉|由得|禁|免|觉|料|愧|惜"
            + "|顾|计|乏|屑|辞|胫而走|二|等|定期|规则|法|孕|育|齿|少于|一样|好|宜|要|然)");

    /** Negation written as a word (并不能, 无法 …), strong enough to be a verdict on its own. */
    static final Pattern NEGATOR_WORD = Pattern.compile(
            "并不|并没有|并没|并非|并未|不能|不会|不可能|不足以|不一定|不等于|不代表|不意味着|不是|不存在" + "|无法|无从|无助于|没有|没能|未能|未必|难以|谈不上|算不上|称不上|根本不|绝不");

    /** X不X question frames, which look like negation but ask. */
    private static final Pattern A_NOT_A = Pattern.compile("(会不会|能不能|是不是|有没有|可不可以|要不要|对不对|行不行|靠不靠谱|真不真|信不信|好不好)");

    /** Negation just before the claim that denies it as a whole (并不是吃猪蹄就能…). */
    static final Pattern PRE_CLAIM_NEGATION =
            Pattern.compile("(不是|并非|并不是|并没有|没有|不能说|未必|不一定|不见得|并不意味着|不代表|不等于|没有证据(表明|显示|证明)|没有研究(表明|显示|证明))");

    /** Hearsay and attribution: reported speech that needs a verdict somewhere near. */
    static final Pattern HEARSAY =
            Pattern.compile("(很多|不少|许多|一些|有些|部分|有的|大多数|多数|好多)[^，。！？；]{0,10}?(讨论|议论|认为|相信|觉得|以为|担心|坚信|信奉|听说|说|害怕|怕|生怕)"
                    + "|有人[^，。！？；]{0,8}?(叫作|叫做|称作|当作|当成|看作|说|讲|称|转发|传|宣称|声称|相信|认为|觉得|担心|问)|听人说|听别人说|报道(称|说)|(说|论|派|者|信徒|粉丝)(认为|主张|坚称|坚信)|据报道|媒体(称|报道)|名为|担心|害怕|顾虑|"
                    + "网传|网上(流传|传言|盛传|热传|疯传|有人说|说)|网络(上)?(流传|传言|盛传)|朋友圈|短视频(里|中|平台)"
                    + "|有人(说|认为|称|觉得|相信|宣称|声称|传)|有(一)?种说法|一种说法|(?<!给个|讨个|要个|给一个|讨一个|要一个|给|讨)说法|据说|听说|传言|传闻|传说|流传|盛传|疯传|相传|所谓|号称|宣称|声称"
                    + "|自称|坊间|民间(说法|流传|认为|有)|老一辈|老人(们)?(常说|说)|长辈(们)?(常|总)?说|俗话说|常言道|(很多|不少|许多|一些|有些|部分)(人|家长|老人|网友|中老年人)"
                    + "(都)?(认为|相信|觉得|以为|担心|坚信|信奉)|人们(常说|普遍认为|认为|相信)|以为|商家(称|说|宣传|声称|宣称)|广告(称|说|宣传|里|中)|宣传(称|说|语)"
                    + "|推销|据称|被指|被传|文章(称|说)|视频(称|说)|帖子(称|说)|谣言称|一则消息|消息称|某些(文章|视频|帖子|商家)|营销号|神医|大师(说|称)"
                    // Reported speech from an unnamed or non-expert source: 某专家表示, 博主称, 群里有人发.
                    + "|(某|某位|某些|一位|一名|有位|有个|有些|有的|个别|所谓的?)[^，。！？；]{0,8}?(专家|医生|教授|博主|大师|中医|网友|人士|达人|主播|养生|名人|明星)"
                    + "[^，。！？；]{0,10}?(表示|称|说|介绍|透露|认为|推荐|建议|提到|指出|坚称|强调)"
                    + "|(博主|网友|主播|营销号|自媒体|公众号|健康号|养生号|大V|up主|UP主|达人|微商|代购|推销员|销售|店员|导购|医托|业务员|客服|店家|厂家|卖家|主持人|讲师)[^，。！？；]{0,12}?"
                    + "(称|说|表示|声称|宣称|发帖|推荐|鼓吹|宣扬|爆料|介绍|分享)"
                    + "|(群|群里|微信群|家族群|业主群|家长群|朋友圈|评论区|直播间)[^，。！？；]{0,8}?(说|发|转|传|称|有人)"
                    + "|(转发|转了|发了|分享了|刷到|看到)(了)?[^，。！？；]{0,8}?(文章|消息|视频|帖子|链接|截图|说法)"
                    + "|(婆婆|妈妈|奶奶|姥姥|外婆|爷爷|老人|长辈|父母|家里人|老一辈|亲戚|邻居|同事|朋友|大家|老话|老辈人)(总|常|常常|老|都|一直|也)?(是)?(说|讲|认为|觉得|相信|叮嘱|嘱咐)"
                    + "|据[^，。！？；]{0,12}?(称|说|讲|报道|介绍|透露)|(?<![名简俗通堪对匀职号著自统尊声宣据])称(?![为作之号赞重心霸呼职得道谓])|表示(?=[，,：:])"
                    + "|(二姨|大姨|小姨|姨妈|姑姑|舅舅|舅妈|表姐|表哥|表妹|姐姐|妹妹|哥哥|老公|老婆|丈夫|妻子|我爸|我妈|公公|岳母|丈母娘|闺蜜)[^，。！？；]{0,2}?(说|讲|告诉我)"
                    + "|(邻居|隔壁|楼下|对门|同事|朋友|亲戚|同学|阿姨|大妈|大爷|大叔|老太太|老大爷|阿婆|嫂子)[^，。！？；]{0,4}?(说|讲|告诉我|跟我说)"
                    + "|(讨论|议论|聊天|吐槽)[^。！？；]{0,3}[，,]\\s*(说|称)"
                    + "|广告|宣传单|传单|包装上(写着|印着|称)|标榜|打着[^，。！？；]{0,10}旗号"
                    // Someone else's firm belief or complaint is still hearsay (婆婆坚信…, 家长反映…); the
                    // writer's own 我坚信 is not.
                    + "|(?<![我俺])(?<!我们)(坚信|深信|认定|笃信)|(?<![这此它其])反映(?=[，,：:]|说|称)|(都|也|正|一直|到处)在传");

    /** Hearsay words that refer back to a claim written before them (…的说法在网上流传). */
    static final Pattern HEARSAY_AFTER =
            Pattern.compile("(?<!给个|讨个|要个|给一个|讨一个|要一个|给|讨)说法|传言|传闻|流传|谣传|盛传|疯传|之说|一说|的消息|的帖子|的文章|的视频");

    /** Contrast openers that introduce the writer's verdict after a reported claim. */
    static final Pattern CONTRAST = Pattern.compile("其实|事实上|实际上|但是|但|然而|可是|不过|却|恰恰相反|相反|[，,]\\s*可(?![以能见怕爱口乐用])");

    /** Confirmation of a reported claim, which makes it an assertion after all. */
    static final Pattern CONFIRM = Pattern.compile("(?<![不没无非])(确实如此|确有其事|是真的(?![吗么])|属实|没错|有道理|有(科学)?依据"
            + "|得到(了)?证实|被(科学|研究)?证实(?!是假|为假|是谣)|研究(证实|证明|表明|发现)|科学(证实|证明)|经证实|专家证实|千真万确"
            + "|亲测|好方子|好方法|好办法|管用|很灵|灵验|效果(很|非常|特别|十分)?好|值得一试|推荐大家|赶紧|一定要|千万要|坚持(吃|喝|用|戴|穿)"
            + "|说得(好|对|没错|有道理|在理)|老话没错|果然|最好(别|不要|少)|千万(别|不要|不能)(吃|喝|用|碰|买)"
            // The writer takes up the hearsay as their own practice: 老人常说…，我每天都这样喝.
            + "|(我|我们|我家|俺)(现在)?(每天|天天|一直|也|都|每次|早就|坚持)[^，。！？；]{0,8}(喝|吃|用|做|戴|穿|练|泡)"
            + "|强烈(推荐|安利)|安利给)");

    /** Openers of a following sentence that refer back to the previous claim. */
    static final Pattern NEXT_OPENER = Pattern.compile(
            "^[“\"「（(]?(这|此|该|上述|以上|其实|事实上|实际上|但|然而|可是|不过|真相|答案|专家|对此" + "|遗憾的是|可惜|当然|并不|并非|不|没有|非也|错|科学|研究|医生|事实)");

    /** An answer that opens with evidence (研究显示…, 实验表明…), the usual reply to a sceptical headline. */
    static final Pattern EVIDENCE_OPENER =
            Pattern.compile("^[^，。！？；]{0,8}?(研究|实验|试验|调查|数据|观测|检测|测量|分析|成像)[^，。！？；]{0,4}?(表明|显示|发现|证明|证实)");

    /** An answer that says yes to the question before it (…吗？是的，…). */
    static final Pattern AFFIRM = Pattern.compile(
            "^[“\"「（(]?(是的|没错|当然(能|会|可以|是)?|对(的)?[，,！!。]|确实|真的(能|会|可以|有用)|答案是肯定的|能[，,！!]|会[，,！!]|可以[，,！!])");

    private Cues() {}

    /** First refutation word in {@code text} that is not itself denied, or -1. */
    static int strongRefutation(String text) {
        Matcher m = STRONG_REFUTE.matcher(text);
        while (m.find()) {
            String before = text.substring(Math.max(0, m.start() - 4), m.start());
            if (!DENIAL_BEFORE.matcher(before).find()) {
                return m.start();
            }
        }
        return -1;
    }

    /** True when a refutation word is explicitly denied (这可不是谣言). */
    static boolean deniedRefutation(String text) {
        Matcher m = STRONG_REFUTE.matcher(text);
        while (m.find()) {
            String before = text.substring(Math.max(0, m.start() - 4), m.start());
            if (DENIAL_BEFORE.matcher(before).find()) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code text} holds a negator that is not part of an X不X question. */
    static boolean hasNegator(String text) {
        String masked = A_NOT_A.matcher(text).replaceAll("□□□");
        return NEGATOR.matcher(masked).find();
    }

    static boolean isQuestion(String sentence) {
        String s = sentence.strip();
        int end = s.length();
        while (end > 0 && "”」』）)】’\"".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end == 0) {
            return false;
        }
        char last = s.charAt(end - 1);
        return last == '?' || last == '？' || last == '吗' || last == '么' || last == '呢';
    }

    static boolean has(Pattern p, String text) {
        return p.matcher(text).find();
    }
}
