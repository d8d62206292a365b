//! Menus stored as JSON documents in the API's shape (`ivr_menus.menu`), written from and
//! read into the domain's unchecked [`MenuSpec`], which the domain then checks.

use serde_json::{Map, Value, json};
use switchboard_domain::routing::{ActionSpec, MenuSpec, OptionSpec, PromptSpec};

/// The document of a menu.
pub(super) fn to_json(spec: &MenuSpec) -> Value {
    let mut menu = Map::new();
    if let Some(prompt) = &spec.prompt {
        menu.insert("prompt".into(), prompt_json(prompt));
    }
    put(&mut menu, "input", spec.input.clone().map(Value::from));
    put(&mut menu, "timeout", spec.timeout.map(Value::from));
    put(&mut menu, "maxAttempts", spec.max_attempts.map(Value::from));
    let options = spec
        .options
        .iter()
        .map(|o| {
            let mut option = Map::new();
            option.insert("digits".into(), Value::from(o.digits.clone()));
            put(&mut option, "speech", o.speech.clone().map(Value::from));
            option.insert("action".into(), action_json(&o.action));
            Value::Object(option)
        })
        .collect();
    menu.insert("options".into(), Value::Array(options));
    put(
        &mut menu,
        "onNoInput",
        spec.on_no_input.as_ref().map(action_json),
    );
    Value::Object(menu)
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        map.insert(key.to_owned(), value);
    }
}

fn prompt_json(prompt: &PromptSpec) -> Value {
    match prompt {
        PromptSpec::Say {
            text,
            voice,
            language,
        } => {
            let mut say = Map::new();
            say.insert("say".into(), Value::from(text.clone()));
            put(&mut say, "voice", voice.clone().map(Value::from));
            put(&mut say, "language", language.clone().map(Value::from));
            Value::Object(say)
        }
        PromptSpec::Play { url } => json!({ "play": url }),
    }
}

fn action_json(action: &ActionSpec) -> Value {
    let mut map = Map::new();
    map.insert("type".into(), Value::from(action.kind.clone()));
    put(&mut map, "to", action.to.clone().map(Value::from));
    put(&mut map, "say", action.say.clone().map(Value::from));
    put(&mut map, "menu", action.menu.as_deref().map(to_json));
    Value::Object(map)
}

/// The menu of a document; `None` when it is not one this module wrote.
pub(super) fn from_json(value: &Value) -> Option<MenuSpec> {
    let menu = value.as_object()?;
    let text = |map: &Map<String, Value>, key: &str| {
        map.get(key).and_then(Value::as_str).map(str::to_owned)
    };
    let prompt =
        menu.get("prompt")
            .and_then(Value::as_object)
            .and_then(|p| match text(p, "play") {
                Some(url) => Some(PromptSpec::Play { url }),
                None => Some(PromptSpec::Say {
                    text: text(p, "say")?,
                    voice: text(p, "voice"),
                    language: text(p, "language"),
                }),
            });
    let options = menu
        .get("options")?
        .as_array()?
        .iter()
        .map(|o| {
            let o = o.as_object()?;
            Some(OptionSpec {
                digits: text(o, "digits")?,
                speech: text(o, "speech"),
                action: action_from(o.get("action")?)?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(MenuSpec {
        prompt,
        input: text(menu, "input"),
        timeout: menu.get("timeout").and_then(Value::as_i64),
        max_attempts: menu.get("maxAttempts").and_then(Value::as_i64),
        options,
        on_no_input: match menu.get("onNoInput") {
            Some(action) => Some(action_from(action)?),
            None => None,
        },
    })
}

fn action_from(value: &Value) -> Option<ActionSpec> {
    let map = value.as_object()?;
    let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
    Some(ActionSpec {
        kind: text("type")?,
        to: text("to"),
        say: text("say"),
        menu: match map.get("menu") {
            Some(menu) => Some(Box::new(from_json(menu)?)),
            None => None,
        },
    })
}
