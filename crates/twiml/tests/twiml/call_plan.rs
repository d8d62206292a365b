//! Rendering the domain's call plans.

use crate::support::{Tree, assert_same_xml, parse};
use switchboard_domain::{CallPlan, CallStep, Callback};
use switchboard_twiml::{CONTENT_TYPE, CallbackUrls, call_plan_response};

/// Names each callback by its debug form under an example host.
pub(crate) struct ExampleUrls;

impl CallbackUrls for ExampleUrls {
    fn url(&self, callback: &Callback) -> String {
        format!("https://example.com/{callback:?}")
    }
}

pub(crate) fn render_call_plan(plan: &CallPlan) -> String {
    switchboard_twiml::render_call_plan(plan, &ExampleUrls)
}

#[test]
fn greeting_plays_then_hangs_up_with_the_url_escaped() {
    let url = "https://cdn.example.com/greeting.mp3?sig=a&b=<c>\"d\"";
    let xml = render_call_plan(&CallPlan::greeting(url));
    assert_eq!(
        xml,
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Play>https://cdn.example.com/greeting.mp3?sig=a&amp;b=&lt;c&gt;"d"</Play><Hangup/></Response>"#
    );
    let root = parse(&xml).root;
    let [play, hangup] = root.children() else {
        panic!("two verbs in {xml}")
    };
    assert!(matches!(play, Tree::Element { name, .. } if name == "Play"));
    assert_eq!(play.text(), url);
    assert!(
        matches!(hangup, Tree::Element { name, attrs, children } if name == "Hangup" && attrs.is_empty() && children.is_empty())
    );
}

#[test]
fn not_in_service_says_then_hangs_up() {
    let xml = render_call_plan(&CallPlan::not_in_service());
    assert_same_xml(
        &xml,
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>This number is not in service: it is not active right now. Goodbye.</Say><Hangup /></Response>"#,
    );
    assert_eq!(
        parse(&xml).root.children()[0].text(),
        CallPlan::NOT_IN_SERVICE_MESSAGE
    );
}

#[test]
fn steps_render_in_order() {
    let plan = CallPlan {
        steps: vec![
            CallStep::Say {
                text: "one".to_owned(),
            },
            CallStep::Play {
                url: "https://example.com/2.mp3".to_owned(),
            },
            CallStep::Say {
                text: "three".to_owned(),
            },
            CallStep::Hangup,
        ],
    };
    assert_same_xml(
        &render_call_plan(&plan),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>one</Say><Play>https://example.com/2.mp3</Play><Say>three</Say><Hangup/></Response>"#,
    );
    assert_eq!(
        call_plan_response(&plan, &ExampleUrls)
            .element()
            .children()
            .len(),
        4
    );
}

#[test]
fn empty_plan_is_an_empty_response() {
    assert_eq!(
        render_call_plan(&CallPlan::default()),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response/>"#
    );
}

#[test]
fn content_type_is_utf8_xml() {
    assert_eq!(CONTENT_TYPE, "text/xml; charset=utf-8");
}
