//! What `serve` prints once the default run listens: the service's URL, a user's and an
//! admin's bearer token, and the stand-ins' URLs, as `export` lines.

use switchboard_domain::UserId;
use switchboard_twilio_sim::RunningSim;

use crate::compose::mint_token;
use crate::config::ServeConfig;
use crate::error::CliError;

/// The users of the tokens printed at a local start.
const DEMO_USER: &str = "demo-user";
const DEMO_ADMIN: &str = "demo-admin";

/// How long the printed tokens are valid.
const DEMO_TOKEN_TTL: time::Duration = time::Duration::hours(24);

/// Prints, on stdout, what a newcomer pastes into a second terminal: the URL, a user's and
/// an admin's token, the stand-in's URL, and one command to try (only with the stand-in:
/// a service on a real account prints no token).
pub(crate) fn print_quickstart(
    config: &ServeConfig,
    url: &str,
    sim: &RunningSim,
    outbox: Option<&str>,
) -> Result<(), CliError> {
    let mint = |user: &str, admin: bool| {
        let user = UserId::parse(user).map_err(|e| CliError::Argument(e.to_string()))?;
        mint_token(&config.auth, &user, admin, DEMO_TOKEN_TTL)
    };
    let user_token = mint(DEMO_USER, false)?;
    let admin_token = mint(DEMO_ADMIN, true)?;
    let mut out = String::new();
    out.push_str(&format!(
        "\nSwitchboard is listening on {url}. Open the web console, signed in as {DEMO_USER}:\n\n{url}/console/#token={user_token}\n\nor, in another terminal, try for example\n\n"
    ));
    out.push_str(
        "curl -s \"$SWITCHBOARD_URL/v1/numbers/available?areaCode=415&limit=3\" -H \"Authorization: Bearer $USER_TOKEN\"\n\n",
    );
    out.push_str("after pasting these lines there:\n\n");
    out.push_str(&format!("export SWITCHBOARD_URL={url}\n"));
    out.push_str(&format!(
        "export USER_TOKEN={user_token}   # user {DEMO_USER}, valid 24 h\n"
    ));
    out.push_str(&format!(
        "export ADMIN_TOKEN={admin_token}   # admin {DEMO_ADMIN}, valid 24 h\n"
    ));
    if let Some(outbox) = outbox {
        out.push_str(&format!(
            "export SWITCHBOARD_SENDGRID_SIM_URL={outbox}   # the SendGrid stand-in, for `switchboard simulate outbox`\n"
        ));
    }
    out.push_str(&format!(
        "export SWITCHBOARD_SIM_URL={}   # the Twilio stand-in, for `switchboard simulate`\n",
        sim.base_url()
    ));
    out.push('\n');
    // Written, not `print!`ed: a closed stdout must not stop the service.
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
