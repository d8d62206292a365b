//! An email to send and the rules it must meet before any provider sees it: who it goes to,
//! what it says (text, HTML or a dynamic template) and what is attached.

use super::address::EmailAddress;
use super::template::{MAX_TEMPLATE_DATA_DEPTH, Template, data_depth};

/// The most recipients one email may have (all of them in its `To`).
pub const MAX_RECIPIENTS: usize = 50;
/// The most attachments one email may carry.
pub const MAX_ATTACHMENTS: usize = 10;
/// The most attachment bytes (decoded) one email may carry in all: 7 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 7 * 1024 * 1024;
/// The longest subject, in characters (RFC 5322's line limit).
pub const MAX_SUBJECT_CHARS: usize = 998;
/// The longest attachment file name, in characters.
pub const MAX_FILENAME_CHARS: usize = 255;

/// A file attached to an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file's name as the recipient sees it (`invoice.pdf`): 1 to 255 characters, no
    /// control characters, slashes or backslashes.
    pub filename: String,
    /// The file's bytes (not encoded); at least one.
    pub content: Vec<u8>,
    /// Its MIME type (`application/pdf`), `type/subtype` without spaces; the provider
    /// guesses when absent.
    pub content_type: Option<String>,
}

/// What the caller wants sent, not yet checked. [`OutgoingEmail::new`] checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailDraft {
    /// The recipients, 1 to [`MAX_RECIPIENTS`], no mailbox twice. They all see each other,
    /// as in one email's `To`.
    pub to: Vec<EmailAddress>,
    /// The sender.
    pub from: EmailAddress,
    /// The subject; required unless a template is given (whose own subject then applies).
    pub subject: Option<String>,
    /// The plain-text body.
    pub text: Option<String>,
    /// The HTML body.
    pub html: Option<String>,
    /// Files to attach, at most [`MAX_ATTACHMENTS`] and [`MAX_ATTACHMENT_BYTES`] in all.
    pub attachments: Vec<Attachment>,
    /// A dynamic template, whose subject and content replace the email's own.
    pub template: Option<Template>,
}

/// An email that meets every rule of [`OutgoingEmail::new`]; only these reach the
/// [`EmailSender`](super::EmailSender) port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    draft: EmailDraft,
}

/// Why a draft cannot be sent. Each variant names the input to correct ([`Self::field`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidEmail {
    /// `to` is empty.
    #[error("an email needs at least one recipient")]
    NoRecipients,
    /// `to` has more than [`MAX_RECIPIENTS`] addresses.
    #[error("an email has at most {MAX_RECIPIENTS} recipients, not {0}")]
    TooManyRecipients(usize),
    /// A mailbox appears twice in `to` (compared without case).
    #[error("{0} is a recipient more than once")]
    DuplicateRecipient(String),
    /// None of text, HTML or a template was given.
    #[error("an email needs a text or HTML body, or a template")]
    NoContent,
    /// A body part was given but is empty.
    #[error("the {0} body may not be empty")]
    EmptyBody(&'static str),
    /// No subject and no template.
    #[error("an email needs a subject unless it uses a template")]
    MissingSubject,
    /// The subject is empty, too long or holds control characters (line breaks included).
    #[error("invalid subject: {0}")]
    InvalidSubject(&'static str),
    /// More than [`MAX_ATTACHMENTS`] attachments.
    #[error("an email carries at most {MAX_ATTACHMENTS} attachments, not {0}")]
    TooManyAttachments(usize),
    /// The attachments hold more than [`MAX_ATTACHMENT_BYTES`] in all.
    #[error("attachments may hold at most 7 MiB in all, not {0} bytes")]
    AttachmentsTooLarge(usize),
    /// One attachment is not usable.
    #[error("attachment {index}: {reason}")]
    InvalidAttachment {
        /// Its position in `attachments`, from 0.
        index: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The template data nests deeper than [`MAX_TEMPLATE_DATA_DEPTH`].
    #[error("template data nests deeper than {MAX_TEMPLATE_DATA_DEPTH} levels")]
    TemplateDataTooDeep,
}

impl InvalidEmail {
    /// The input at fault, by its name in the draft: `to`, `text`, `html`, `subject`,
    /// `attachments` or `template`.
    #[must_use]
    pub fn field(&self) -> &'static str {
        match self {
            Self::NoRecipients | Self::TooManyRecipients(_) | Self::DuplicateRecipient(_) => "to",
            Self::NoContent => "text",
            Self::EmptyBody(part) => part,
            Self::MissingSubject | Self::InvalidSubject(_) => "subject",
            Self::TooManyAttachments(_)
            | Self::AttachmentsTooLarge(_)
            | Self::InvalidAttachment { .. } => "attachments",
            Self::TemplateDataTooDeep => "template",
        }
    }
}

impl OutgoingEmail {
    /// Checks a draft against the rules on [`EmailDraft`]'s fields: 1 to 50 distinct
    /// recipients; text, HTML or a template; any body part given is not empty; a subject
    /// (1 to 998 characters, no control characters) unless a template is given; at most 10
    /// attachments of 7 MiB in all, each with a file name, some content and a plausible
    /// MIME type; template data nested at most 32 levels.
    ///
    /// # Errors
    /// The first rule broken, as [`InvalidEmail`].
    pub fn new(draft: EmailDraft) -> Result<Self, InvalidEmail> {
        check_recipients(&draft.to)?;
        check_content(&draft)?;
        check_attachments(&draft.attachments)?;
        if let Some(template) = &draft.template
            && data_depth(&template.data) > MAX_TEMPLATE_DATA_DEPTH
        {
            return Err(InvalidEmail::TemplateDataTooDeep);
        }
        Ok(Self { draft })
    }

    /// The recipients (at least one).
    #[must_use]
    pub fn to(&self) -> &[EmailAddress] {
        &self.draft.to
    }

    /// The sender.
    #[must_use]
    pub fn from(&self) -> &EmailAddress {
        &self.draft.from
    }

    /// The subject (always present without a template).
    #[must_use]
    pub fn subject(&self) -> Option<&str> {
        self.draft.subject.as_deref()
    }

    /// The plain-text body, not empty when present.
    #[must_use]
    pub fn text(&self) -> Option<&str> {
        self.draft.text.as_deref()
    }

    /// The HTML body, not empty when present.
    #[must_use]
    pub fn html(&self) -> Option<&str> {
        self.draft.html.as_deref()
    }

    /// The attachments.
    #[must_use]
    pub fn attachments(&self) -> &[Attachment] {
        &self.draft.attachments
    }

    /// The dynamic template, if any.
    #[must_use]
    pub fn template(&self) -> Option<&Template> {
        self.draft.template.as_ref()
    }

    /// The checked draft back.
    #[must_use]
    pub fn into_draft(self) -> EmailDraft {
        self.draft
    }
}

fn check_recipients(to: &[EmailAddress]) -> Result<(), InvalidEmail> {
    if to.is_empty() {
        return Err(InvalidEmail::NoRecipients);
    }
    if to.len() > MAX_RECIPIENTS {
        return Err(InvalidEmail::TooManyRecipients(to.len()));
    }
    for (i, address) in to.iter().enumerate() {
        if to[..i].iter().any(|earlier| earlier.same_mailbox(address)) {
            return Err(InvalidEmail::DuplicateRecipient(
                address.as_str().to_owned(),
            ));
        }
    }
    Ok(())
}

fn check_content(draft: &EmailDraft) -> Result<(), InvalidEmail> {
    if draft.text.is_none() && draft.html.is_none() && draft.template.is_none() {
        return Err(InvalidEmail::NoContent);
    }
    if draft.text.as_deref() == Some("") {
        return Err(InvalidEmail::EmptyBody("text"));
    }
    if draft.html.as_deref() == Some("") {
        return Err(InvalidEmail::EmptyBody("html"));
    }
    match draft.subject.as_deref() {
        None if draft.template.is_none() => Err(InvalidEmail::MissingSubject),
        None => Ok(()),
        Some("") => Err(InvalidEmail::InvalidSubject("it may not be empty")),
        Some(s) if s.chars().count() > MAX_SUBJECT_CHARS => {
            Err(InvalidEmail::InvalidSubject("it is at most 998 characters"))
        }
        Some(s) if s.chars().any(char::is_control) => Err(InvalidEmail::InvalidSubject(
            "it may not hold control characters or line breaks",
        )),
        Some(_) => Ok(()),
    }
}

fn check_attachments(attachments: &[Attachment]) -> Result<(), InvalidEmail> {
    if attachments.len() > MAX_ATTACHMENTS {
        return Err(InvalidEmail::TooManyAttachments(attachments.len()));
    }
    let total: usize = attachments.iter().map(|a| a.content.len()).sum();
    if total > MAX_ATTACHMENT_BYTES {
        return Err(InvalidEmail::AttachmentsTooLarge(total));
    }
    for (index, attachment) in attachments.iter().enumerate() {
        check_attachment(attachment)
            .map_err(|reason| InvalidEmail::InvalidAttachment { index, reason })?;
    }
    Ok(())
}

fn check_attachment(attachment: &Attachment) -> Result<(), &'static str> {
    let name = &attachment.filename;
    if name.trim().is_empty() {
        return Err("it needs a file name");
    }
    if name.chars().count() > MAX_FILENAME_CHARS {
        return Err("its file name is at most 255 characters");
    }
    if name
        .chars()
        .any(|c| c.is_control() || c == '/' || c == '\\')
    {
        return Err("its file name may not hold control characters or slashes");
    }
    if attachment.content.is_empty() {
        return Err("it is empty");
    }
    if let Some(content_type) = &attachment.content_type
        && !is_mime_type(content_type)
    {
        return Err("its type is not a MIME type such as application/pdf");
    }
    Ok(())
}

/// `type/subtype` (parameters such as `; charset=utf-8` allowed after it), without spaces or
/// control characters in the type and subtype, at most 255 characters.
fn is_mime_type(text: &str) -> bool {
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    let essence = text.split_once(';').map_or(text, |(essence, _)| essence);
    text.len() <= 255
        && !text.chars().any(char::is_control)
        && essence
            .split_once('/')
            .is_some_and(|(kind, subtype)| token(kind) && token(subtype))
}

#[cfg(test)]
#[path = "message_tests.rs"]
mod tests;
