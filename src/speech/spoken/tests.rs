use super::*;
use crate::document::sections::Block;

fn check(cases: &[(&str, &str)]) {
    for (text, want) in cases {
        assert_eq!(say(text), *want, "{text:?}");
    }
}

#[test]
fn phone_numbers_and_codes_digit_by_digit() {
    check(&[
        ("0731-28681675", "零七三一，二八六八一六七五"),
        ("电话：84907806", "电话，八四九零七八零六"),
        ("拨打12393医保服务热线", "拨打一二三九三医保服务热线"),
        ("QQ 2319952811", "QQ 二三一九九五二八一一"),
        (
            "事项编码 002036001001",
            "事项编码，零零二零三六零零一零零一",
        ),
        ("拨打110。", "拨打一一零"),
        ("0731-7", "零七三一，七"),
    ]);
}

#[test]
fn quantities_are_read_as_numbers() {
    check(&[
        ("15个工作日", "十五个工作日"),
        ("不超过30日", "不超过三十日"),
        ("2个工作日", "两个工作日"),
        ("第2个", "第二个"),
        ("2月", "二月"),
        ("年满60周岁", "年满六十周岁"),
        ("1000元", "一千元"),
        ("2000元", "两千元"),
        ("105天", "一百零五天"),
        ("1010元", "一千零一十元"),
        ("12000元", "一万两千元"),
        ("20000元", "两万元"),
        ("10005元", "一万零五元"),
        ("24小时", "二十四小时"),
        ("第3步", "第三步"),
        ("共10", "共十"),
        ("0元", "零元"),
        ("1.5万元", "一点五万元"),
        ("90%", "百分之九十"),
        ("0.5%", "百分之零点五"),
    ]);
}

#[test]
fn ranges_dates_and_times() {
    check(&[
        ("3-5个工作日", "三至五个工作日"),
        ("1至3个月", "一至三个月"),
        ("8:30-12:00", "八点三十分至十二点"),
        ("14：05", "十四点零五分"),
        ("2020年11月30日", "二零二零年十一月三十日"),
        ("2020-11-30", "二零二零年十一月三十日"),
        ("2020.1.5起", "二零二零年一月五日起"),
        ("版本1.2.3", "版本一，二，三"),
    ]);
}

#[test]
fn list_markers_are_ordinals() {
    check(&[
        ("1.统一社会信用代码", "第一，统一社会信用代码"),
        ("2、身份证", "第二，身份证"),
        ("（一）在职职工", "第一，在职职工"),
        ("(3)户口本", "第三，户口本"),
        ("十二、其他", "第十二，其他"),
        ("①申请", "第一，申请"),
        (
            "材料：1.身份证；2.户口本",
            "材料，第一，身份证。第二，户口本",
        ),
        ("一次性告知", "一次性告知"),
    ]);
}

#[test]
fn punctuation_is_a_pause_never_a_word() {
    check(&[
        (
            "《株洲市基本医疗保险单位参保信息登记表》（加盖单位公章）",
            "株洲市基本医疗保险单位参保信息登记表，加盖单位公章",
        ),
        ("受理。审核！办结", "受理。审核。办结"),
        ("“医保电子凭证”或身份证", "医保电子凭证或身份证"),
        ("……", ""),
        ("http://ybj.zhuzhou.gov.cn", "http，ybj zhuzhou gov cn"),
        ("a@b.com", "a b com"),
        ("  前后空格  ", "前后空格"),
    ]);
}

#[test]
fn control_and_invisible_characters_say_nothing() {
    check(&[
        ("办\u{1b}[2J结", "办，二J结"),
        ("电话\u{202E}0731", "电话零七三一"),
        ("零\u{200B}宽\u{FEFF}", "零宽"),
        ("第一行\n第二行", "第一行，第二行"),
        ("\u{7}\u{0}", ""),
    ]);
    assert!(!say("\u{1b}\u{9b}x").chars().any(char::is_control));
}

#[test]
fn numbers_in_words() {
    let got: Vec<String> = [0, 1, 10, 11, 20, 99, 100, 101, 110, 2000, 9999, 10_000]
        .into_iter()
        .map(number)
        .collect();
    assert_eq!(
        got,
        [
            "零",
            "一",
            "十",
            "十一",
            "二十",
            "九十九",
            "一百",
            "一百零一",
            "一百一十",
            "两千",
            "九千九百九十九",
            "一万"
        ]
    );
    assert_eq!(number(123_456_789), "一二三四五六七八九");
}

#[test]
fn a_script_is_one_sentence_a_line_title_first() {
    let script = Script {
        title: "单位参保登记".into(),
        chunks: vec![
            Chunk::Heading("办理时限".into()),
            Chunk::Text("即时办结。".into()),
            Chunk::Numbered {
                n: 2,
                text: "《登记表》".into(),
            },
            Chunk::Choice {
                key: 1,
                text: "株洲市  35个事项".into(),
            },
            Chunk::Text("——".into()),
        ],
    };
    assert_eq!(
        spoken(&script),
        "单位参保登记。\n办理时限。\n即时办结。\n第二，登记表。\n按一，株洲市，三十五个事项。\n"
    );
}

#[test]
fn an_items_sections_become_chunks() {
    let sections = [Section {
        title: "监督电话",
        blocks: vec![
            Block::Entry {
                label: "市本级".into(),
                text: "0731-28681675".into(),
                own: true,
            },
            Block::Entry {
                label: "醴陵市".into(),
                text: "23223456".into(),
                own: false,
            },
            Block::Missing,
        ],
    }];
    let script = Script::from_sections("株洲市", &sections);
    assert_eq!(
        spoken(&script),
        "株洲市。\n监督电话。\n本厅，市本级，零七三一，二八六八一六七五。\n\
         醴陵市，二三二二三四五六。\n指南未载明。\n"
    );
}

#[test]
fn no_input_makes_it_panic() {
    let mut rng = fastrand::Rng::with_seed(16);
    let alphabet: Vec<char> = "0123456789.-:%（）()、一十二①年个元 ，。《》a\u{1b}\u{FFFD}０："
        .chars()
        .collect();
    for _ in 0..20_000 {
        let len = rng.usize(0..24);
        let s: String = (0..len)
            .map(|_| alphabet[rng.usize(..alphabet.len())])
            .collect();
        let out = say(&s);
        assert!(!out.chars().any(|c| c.is_control()), "{s:?} → {out:?}");
        assert!(!out.chars().any(|c| c.is_ascii_digit()), "{s:?} → {out:?}");
    }
}
