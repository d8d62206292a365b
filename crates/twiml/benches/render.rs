//! Rendering cost: the greeting plan served on every inbound call, and a larger
//! Gather/Dial document.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use switchboard_domain::{CallPlan, Callback};
use switchboard_twiml::{
    CallProgressEvent, CallbackUrls, Client, Dial, DialRecord, Gather, GatherInput, Hangup, Method,
    Number, Pause, Play, RecordingEvent, Say, SpeechTimeout, VoiceResponse, render_call_plan,
};

/// The greeting has no callbacks; this names any by its debug form.
struct ExampleUrls;

impl CallbackUrls for ExampleUrls {
    fn url(&self, callback: &Callback) -> String {
        format!("https://example.com/{callback:?}")
    }
}

fn greeting(c: &mut Criterion) {
    let plan = CallPlan::greeting("https://cdn.example.com/greetings/abc.mp3?sig=1&exp=2");
    c.bench_function("render_call_plan/greeting", |b| {
        b.iter(|| render_call_plan(black_box(&plan), &ExampleUrls));
    });
}

fn menu() -> VoiceResponse {
    let gather = Gather::new()
        .input([GatherInput::Dtmf, GatherInput::Speech])
        .action("https://api.example.com/twilio/voice/menu?call=CA123&step=1")
        .method(Method::Post)
        .timeout(5)
        .num_digits(1)
        .speech_timeout(SpeechTimeout::Auto)
        .hints("sales, support, billing")
        .with(Say::new("Welcome to Switchboard. Für Deutsch drücken Sie 9.").voice("Polly.Joanna"))
        .with(Pause::new().length(1))
        .with(Play::new("https://cdn.example.com/menu.mp3"));
    let dial = (0..10).fold(
        Dial::new()
            .action("https://api.example.com/twilio/voice/dial-status")
            .caller_id("+15005550006")
            .timeout(20)
            .answer_on_bridge(true)
            .record(DialRecord::RecordFromAnswerDual)
            .recording_status_callback("https://api.example.com/twilio/recording")
            .recording_status_callback_event([
                RecordingEvent::InProgress,
                RecordingEvent::Completed,
            ])
            .with(
                Client::new("agent-1")
                    .parameter("callSid", "CA123")
                    .parameter("queue", "<vip>"),
            ),
        |dial, i| {
            dial.with(
                Number::new(format!("+1415555{i:04}"))
                    .status_callback("https://api.example.com/twilio/status")
                    .status_callback_event([
                        CallProgressEvent::Ringing,
                        CallProgressEvent::Answered,
                    ]),
            )
        },
    );
    VoiceResponse::new()
        .with(gather)
        .with(dial)
        .with(Say::new("Goodbye & thanks"))
        .with(Hangup)
}

fn gather_dial(c: &mut Criterion) {
    let response = menu();
    c.bench_function("build_and_render/gather_dial", |b| {
        b.iter(|| black_box(menu()).to_xml())
    });
    c.bench_function("render_only/gather_dial", |b| {
        b.iter(|| black_box(&response).to_xml())
    });
}

criterion_group!(benches, greeting, gather_dial);
criterion_main!(benches);
