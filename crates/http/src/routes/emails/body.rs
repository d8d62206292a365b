//! The JSON of emails, both ways.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use switchboard_domain::email::{
    Attachment, EmailAddress, EmailRecord, JsonNumber, SendEmail, Template, TemplateId,
    TemplateValue,
};
use time::OffsetDateTime;

use crate::input::invalid;
use crate::problem::ApiError;

/// One address, or a list of up to 50.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
#[schema(as = EmailRecipients)]
pub(crate) enum Recipients {
    /// One address.
    #[schema(example = "ann@example.com")]
    One(String),
    /// Up to 50 addresses, who all see each other.
    Many(Vec<String>),
}

/// A file to attach.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = EmailAttachment)]
pub(crate) struct AttachmentBody {
    /// The name the recipient sees.
    #[schema(min_length = 1, max_length = 255, example = "invoice.pdf")]
    filename: String,
    /// The file, base64.
    #[schema(format = Byte)]
    content: String,
    /// Its MIME type.
    #[serde(rename = "type")]
    #[schema(example = "application/pdf")]
    content_type: Option<String>,
}

/// An email to send.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = SendEmailRequest)]
pub(crate) struct SendEmailBody {
    /// The recipients.
    to: Recipients,
    /// `EMAIL_FROM` (the default) or an entry of `EMAIL_ALLOWED_SENDERS`; `Name <addr>` is accepted.
    #[schema(example = "desk@example.com")]
    from: Option<String>,
    /// Required unless `templateId` is given.
    #[schema(max_length = 998)]
    subject: Option<String>,
    /// The plain-text body.
    text: Option<String>,
    /// The HTML body.
    html: Option<String>,
    /// Up to 10 files, 7 MiB decoded in all.
    #[schema(max_items = 10)]
    attachments: Option<Vec<AttachmentBody>>,
    /// A SendGrid dynamic template (`d-...`).
    #[schema(example = "d-0123456789abcdef0123456789abcdef")]
    template_id: Option<String>,
    /// The template's data.
    #[schema(value_type = Option<Object>)]
    template_data: Option<serde_json::Map<String, serde_json::Value>>,
}

fn template_value(value: serde_json::Value) -> Result<TemplateValue, ApiError> {
    Ok(match value {
        serde_json::Value::Null => TemplateValue::Null,
        serde_json::Value::Bool(b) => TemplateValue::Bool(b),
        serde_json::Value::Number(n) => TemplateValue::Number(
            JsonNumber::parse(&n.to_string()).map_err(|e| invalid("templateData", e))?,
        ),
        serde_json::Value::String(s) => TemplateValue::String(s),
        serde_json::Value::Array(items) => TemplateValue::Array(
            items
                .into_iter()
                .map(template_value)
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(fields) => TemplateValue::Object(template_data(fields)?),
    })
}

fn template_data(
    fields: serde_json::Map<String, serde_json::Value>,
) -> Result<BTreeMap<String, TemplateValue>, ApiError> {
    fields
        .into_iter()
        .map(|(k, v)| Ok((k, template_value(v)?)))
        .collect()
}

fn address(field: &str, raw: &str) -> Result<EmailAddress, ApiError> {
    EmailAddress::parse_mailbox(raw).map_err(|e| invalid(field, e))
}

impl SendEmailBody {
    /// The request in the domain's terms; malformed addresses, base64 and template ids are
    /// 400 naming the field (the domain checks the rest).
    pub(crate) fn into_request(self) -> Result<SendEmail, ApiError> {
        let to = match self.to {
            Recipients::One(one) => vec![address("to", &one)?],
            Recipients::Many(many) => many
                .iter()
                .enumerate()
                .map(|(i, a)| address(&format!("to[{i}]"), a))
                .collect::<Result<_, _>>()?,
        };
        let from = self
            .from
            .as_deref()
            .map(|f| address("from", f))
            .transpose()?;
        let attachments = self
            .attachments
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let content = base64::engine::general_purpose::STANDARD
                    .decode(a.content.as_bytes())
                    .map_err(|_| invalid(&format!("attachments[{i}].content"), "must be base64"))?;
                Ok(Attachment {
                    filename: a.filename,
                    content,
                    content_type: a.content_type,
                })
            })
            .collect::<Result<_, ApiError>>()?;
        let template = match self.template_id {
            Some(id) => Some(Template {
                id: TemplateId::parse(&id).map_err(|e| invalid("templateId", e))?,
                data: template_data(self.template_data.unwrap_or_default())?,
            }),
            None if self.template_data.is_some() => {
                return Err(invalid("templateData", "goes with templateId"));
            }
            None => None,
        };
        Ok(SendEmail {
            to,
            from,
            subject: self.subject,
            text: self.text,
            html: self.html,
            attachments,
            template,
        })
    }
}

/// An email in the log.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Email)]
pub(crate) struct EmailBody {
    #[schema(format = Uuid)]
    id: String,
    user_id: String,
    to: Vec<String>,
    from: String,
    subject: Option<String>,
    /// `accepted` or `failed`.
    #[schema(example = "accepted")]
    status: &'static str,
    /// SendGrid's `X-Message-Id`.
    provider_message_id: Option<String>,
    /// Why it failed.
    error: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

impl From<EmailRecord> for EmailBody {
    fn from(e: EmailRecord) -> Self {
        Self {
            id: e.id.to_string(),
            user_id: e.user_id.as_str().to_owned(),
            to: e.to.iter().map(|a| a.as_str().to_owned()).collect(),
            from: e.from.as_str().to_owned(),
            subject: e.subject,
            status: e.status.as_str(),
            provider_message_id: e.provider_message_id,
            error: e.error,
            created_at: e.created_at,
        }
    }
}

/// A page of emails, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = EmailList)]
pub(crate) struct EmailList {
    pub(super) items: Vec<EmailBody>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub(super) next_cursor: Option<String>,
}
