//! Email: validated addresses, an outgoing email that meets the API's rules (recipients,
//! body or template, subject, attachments), and the [`EmailSender`] port an email provider
//! (SendGrid) implements.

mod address;
mod log;
mod message;
mod sender;
mod service;
mod store;
mod template;

pub use address::{
    EmailAddress, InvalidEmailAddress, MAX_ADDRESS_LEN, MAX_DISPLAY_NAME_LEN, MAX_LOCAL_PART_LEN,
};
pub use log::{EmailId, EmailQuery, EmailRecord, EmailStatus};
pub use message::{
    Attachment, EmailDraft, InvalidEmail, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS,
    MAX_FILENAME_CHARS, MAX_RECIPIENTS, MAX_SUBJECT_CHARS, OutgoingEmail,
};
pub use sender::{EmailError, EmailSender, SentEmail};
pub use service::{AllowedSender, EmailSettings, Emails, EmailsError, SendEmail};
pub use store::EmailStore;
pub use template::{
    InvalidJsonNumber, InvalidTemplateId, JsonNumber, MAX_TEMPLATE_DATA_DEPTH, Template,
    TemplateData, TemplateId, TemplateValue, data_depth,
};
