// Small DOM helpers. Text always goes in as text nodes (never as HTML), so nothing the API
// returns can inject markup.

/** An element: h('button', {type: 'button', onclick: f}, 'Call'). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name in element && typeof value !== 'string') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** A labelled form control: the label wraps its control, so the control is named by it. */
export function field(label, control) {
  return h('label', { class: 'field' }, h('span', {}, label), control);
}

let alertRegion = null;

/** The page's one role="alert" element. */
export function setAlertRegion(element) {
  alertRegion = element;
}

/** Shows an error (an Error, or text) in the alert region; an empty message clears it. */
export function showError(error) {
  // A 401 has already sent the user to sign-in, whose message says why.
  if (!alertRegion || error?.status === 401) return;
  const message = error instanceof Error ? error.message : String(error ?? '');
  alertRegion.textContent = message;
  alertRegion.hidden = message === '';
}

export function clearError() {
  showError('');
}

/**
 * Asks for confirmation in a modal <dialog> and resolves true when confirmed. Escape and
 * "Cancel" resolve false.
 */
export function confirmDialog(message, confirmLabel = 'Confirm') {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-label': 'Confirm' },
      h('p', {}, message));
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'danger', onclick: () => done(true) }, confirmLabel),
      h('button', { type: 'button', onclick: () => done(false) }, 'Cancel')));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** "2026-01-02 13:04" in the browser's time zone, or an empty string. */
export function formatTime(rfc3339) {
  if (!rfc3339) return '';
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "1:05" for 65 seconds, or an empty string. */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Runs an async action with its button disabled, showing any error in the alert. */
export async function busy(button, action) {
  if (button) button.disabled = true;
  clearError();
  try {
    return await action();
  } catch (error) {
    showError(error);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}
