//! An item's online channels as a visitor is shown them: each channel once,
//! however many districts the guide lists it for, with those districts'
//! names, grouped by them — the hall's own district first, then channels
//! the guide gives no district for, then the other districts in the
//! guide's order.

use crate::catalog::{Guide, Item, OnlineChannel};

/// One channel, listed once, with the districts that list it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed<'a> {
    pub channel: &'a OnlineChannel,
    /// In the guide's order; empty where the guide names none.
    pub districts: Vec<&'a str>,
    /// Whether the hall's own district is among them.
    pub own: bool,
}

/// Channels listed for the same districts.
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'a> {
    pub districts: Vec<&'a str>,
    pub own: bool,
    pub channels: Vec<Listed<'a>>,
}

/// The item's online channels, each once, in the order they are shown.
pub fn listed<'a>(guide: &Guide, item: &'a Item, own: Option<&str>) -> Vec<Listed<'a>> {
    let mut out: Vec<Listed> = Vec::new();
    for channel in item.channels.iter().flat_map(|c| &c.online) {
        let listed = match out.iter_mut().find(|l| same(l.channel, channel)) {
            Some(l) => l,
            None => {
                out.push(Listed {
                    channel,
                    districts: Vec::new(),
                    own: false,
                });
                out.last_mut().expect("just pushed")
            }
        };
        if let Some(d) = channel.district.as_deref()
            && !listed.districts.contains(&d)
        {
            listed.districts.push(d);
        }
    }
    let place = |d: &str| guide.districts.iter().position(|g| g.district_is(d));
    // `own` is a district's own name; a row may spell it as an alias.
    let is_own =
        |d: &str| own.is_some_and(|own| guide.district(d).map_or(d == own, |g| g.name == own));
    for l in &mut out {
        l.districts.sort_by_key(|d| place(d).unwrap_or(usize::MAX));
        l.own = l.districts.iter().any(|d| is_own(d));
    }
    // Stable: channels of one group keep the guide's order.
    out.sort_by_key(|l| {
        let first = l.districts.first().and_then(|d| place(d));
        (!l.own, !l.districts.is_empty(), first)
    });
    out
}

/// `listed` in runs of the same districts.
pub fn groups<'a>(listed: &[Listed<'a>]) -> Vec<Group<'a>> {
    let mut out: Vec<Group> = Vec::new();
    for l in listed {
        match out.last_mut() {
            Some(g) if g.districts == l.districts => g.channels.push(l.clone()),
            _ => out.push(Group {
                districts: l.districts.clone(),
                own: l.own,
                channels: vec![l.clone()],
            }),
        }
    }
    out
}

/// The same channel, whatever district it is listed for.
fn same(a: &OnlineChannel, b: &OnlineChannel) -> bool {
    (&a.name, a.kind, &a.url, &a.account, &a.note) == (&b.name, b.kind, &b.url, &b.account, &b.note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::load_dir;

    fn zhuzhou() -> Guide {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
        let catalog = load_dir(&dir).expect("the shipped catalog");
        catalog.guide("zhuzhou").expect("株洲市").clone()
    }

    /// 株洲's 异地安置退休人员备案 lists 智慧人社APP and 株洲医保微信公众号
    /// for 市本级 and again for 攸县: each is listed once, with both names.
    #[test]
    fn a_channel_of_several_districts_is_listed_once_with_their_names() {
        let guide = zhuzhou();
        for item in &guide.items {
            let listed = listed(&guide, item, Some("市本级"));
            let all: Vec<&OnlineChannel> = item.channels.iter().flat_map(|c| &c.online).collect();
            for channel in &all {
                let holding: Vec<&Listed> =
                    listed.iter().filter(|l| same(l.channel, channel)).collect();
                assert_eq!(holding.len(), 1, "{}: {}", item.name, channel.name);
                if let Some(d) = &channel.district {
                    assert!(holding[0].districts.contains(&d.as_str()));
                }
            }
            let shown: usize = groups(&listed).iter().map(|g| g.channels.len()).sum();
            assert_eq!(shown, listed.len());
        }
        let item = guide.find_item("异地安置退休人员备案").expect("the item");
        let listed = listed(&guide, item, Some("市本级"));
        let app: Vec<&Listed> = listed
            .iter()
            .filter(|l| l.channel.name == "智慧人社APP")
            .collect();
        assert_eq!(app.len(), 1, "{listed:#?}");
        assert_eq!(app[0].districts, ["市本级", "攸县"]);
    }

    #[test]
    fn the_halls_own_district_comes_first_then_none_then_the_guides_order() {
        let guide = zhuzhou();
        for own in ["市本级", "攸县", "醴陵市"] {
            for item in &guide.items {
                let listed = listed(&guide, item, Some(own));
                let rank = |l: &Listed| {
                    let first = l
                        .districts
                        .first()
                        .and_then(|d| guide.districts.iter().position(|g| g.name == *d));
                    (!l.own, !l.districts.is_empty(), first)
                };
                assert!(
                    listed.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])),
                    "{own} {}: {listed:#?}",
                    item.name
                );
                let own_first = listed.iter().take_while(|l| l.own).count();
                assert_eq!(own_first, listed.iter().filter(|l| l.own).count());
                assert!(listed.iter().all(|l| l.own == l.districts.contains(&own)));
            }
        }
    }
}
