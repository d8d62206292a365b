//! `simulate outbox`: prints the emails the SendGrid stand-in (embedded in `serve`) took.

use switchboard_sendgrid_sim::{DEFAULT_API_KEY, OutboxAddress, OutboxEmail, SendGridSimControl};

use crate::error::CliError;
use crate::output::say;

fn mailbox(a: &OutboxAddress) -> String {
    match &a.name {
        Some(name) => format!("{name} <{}>", a.email),
        None => a.email.clone(),
    }
}

fn print(email: &OutboxEmail) {
    say!(
        "email {} accepted at {}",
        email.message_id,
        email.accepted_at
    );
    say!("  from: {}", mailbox(&email.from));
    say!(
        "  to: {}",
        email.to.iter().map(mailbox).collect::<Vec<_>>().join(", ")
    );
    if let Some(subject) = &email.subject {
        say!("  subject: {subject}");
    }
    if let Some(template) = &email.template_id {
        let data = email
            .template_data
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        say!("  template: {template} {data}");
    }
    if let Some(text) = &email.text {
        say!("  text: {text}");
    }
    if let Some(html) = &email.html {
        say!("  html: {html}");
    }
    for a in &email.attachments {
        say!(
            "  attachment: {} ({}, {} bytes)",
            a.filename,
            a.content_type.as_deref().unwrap_or("no type"),
            a.size
        );
    }
}

/// Prints every email the stand-in at `url` took, oldest first.
///
/// # Errors
/// When the URL is unknown or the stand-in cannot be reached.
pub(crate) async fn print_outbox(url: Option<String>) -> Result<(), CliError> {
    let url = url.ok_or_else(|| {
        CliError::Argument(
            "no SendGrid stand-in to read: set SWITCHBOARD_SENDGRID_SIM_URL (serve prints it) or pass --sendgrid-url".to_owned(),
        )
    })?;
    let control = SendGridSimControl::new(&url, DEFAULT_API_KEY)
        .map_err(|e| CliError::Argument(format!("--sendgrid-url: {e}")))?;
    let emails = control.outbox().await.map_err(|e| {
        CliError::Server(std::io::Error::other(format!("the SendGrid stand-in: {e}")))
    })?;
    if emails.is_empty() {
        say!("the outbox is empty");
    }
    for email in &emails {
        print(email);
    }
    Ok(())
}
