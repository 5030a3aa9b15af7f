// Small DOM helpers: element lookup, errors shown next to what caused them, and modal dialogs that give focus
// back to where it came from.

export const $ = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element;
};

/** Creates an element with properties (className, textContent, ...) and children. */
export function h(tag, properties = {}, ...children) {
  const element = Object.assign(document.createElement(tag), properties);
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

/** Shows a message in an error slot (a .field-error element) and marks its control invalid. */
export function showError(slot, message, control) {
  slot.textContent = message;
  slot.setAttribute('role', 'alert');
  slot.hidden = false;
  slot.scrollIntoView({ block: 'nearest' });
  control?.setAttribute('aria-invalid', 'true');
}

/** Empties every error slot inside the container and clears aria-invalid on its controls. */
export function clearErrors(container) {
  for (const slot of container.querySelectorAll('.field-error')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const control of container.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
}

/**
 * Disables the buttons and fields of a form or dialog while an action runs, so nothing is sent twice, and shows
 * what is happening on the button that started it ({ button, label: 'Creating…' }).
 */
export async function busy(container, action, { button, label } = {}) {
  if (container.getAttribute('aria-busy') === 'true') return undefined;
  // The button that started it stays focusable (aria-disabled), so focus and keyboard access stay in the dialog.
  const controls = [...container.querySelectorAll('button, input, select, textarea')]
    .filter((control) => !control.disabled && control !== button);
  const text = button?.textContent;
  controls.forEach((control) => { control.disabled = true; });
  if (button) {
    button.setAttribute('aria-disabled', 'true');
    if (label) button.textContent = label;
    button.focus();
  }
  container.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    controls.forEach((control) => { control.disabled = false; });
    if (button) {
      button.removeAttribute('aria-disabled');
      if (label) button.textContent = text;
    }
    container.removeAttribute('aria-busy');
    // A refusal marked a field invalid while it was disabled: focus goes to it now that it can take focus.
    container.querySelector('[aria-invalid="true"]')?.focus();
  }
}

/** Removes a field's error as soon as it is fixed: isFixed() runs on each change of the control. */
export function clearWhenFixed(control, slot, isFixed, events = ['input', 'change']) {
  for (const type of events) {
    control.addEventListener(type, () => {
      if (slot.hidden || !isFixed()) return;
      slot.textContent = '';
      slot.hidden = true;
      for (const invalid of control.querySelectorAll?.('[aria-invalid]') ?? []) invalid.removeAttribute('aria-invalid');
      control.removeAttribute?.('aria-invalid');
    });
  }
}

let toastTimer = 0;

/** A short confirmation ("Token deleted") in the page's live region, gone after a few seconds. */
export function announce(message) {
  const toast = $('toast');
  toast.textContent = message;
  toast.classList.add('shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    toast.classList.remove('shown');
    toast.textContent = '';
  }, 6000);
}

// The clean-up of each open dialog, so that closeDialog can run it at once wherever the close comes from.
const cleanUps = new WeakMap();

/**
 * Opens a modal dialog. Escape and every [data-close] button close it; on close, onClose runs and focus goes to
 * returnFocus() (or, failing that, to the element that had it before).
 *
 * onClose runs synchronously when the dialog is closed through closeDialog (its buttons, the page's own code) or
 * Escape (the cancel event), not from the close event, which the browser queues as a later task: whatever onClose
 * removes (a secret) is gone by the time the dialog is hidden. The close event still runs it if anything else
 * closed the dialog.
 */
export function openDialog(dialog, { focus, returnFocus, onClose, mayClose } = {}) {
  const previous = document.activeElement;
  const close = () => closeDialog(dialog);
  const closers = [...dialog.querySelectorAll('[data-close]')];
  let cleaned = false;
  const cleanUp = () => {
    if (cleaned) return;
    cleaned = true;
    cleanUps.delete(dialog);
    closers.forEach((button) => button.removeEventListener('click', close));
    dialog.removeEventListener('cancel', cancel);
    onClose?.();
  };
  // Escape: mayClose() can keep the dialog open (it then asks the person itself).
  const cancel = (event) => {
    if (mayClose && !mayClose()) {
      event.preventDefault();
      return;
    }
    cleanUp();
  };
  cleanUps.set(dialog, cleanUp);
  closers.forEach((button) => button.addEventListener('click', close));
  dialog.addEventListener('cancel', cancel);
  dialog.addEventListener('close', () => {
    cleanUp();
    const target = returnFocus?.() ?? previous;
    if (target?.isConnected) target.focus();
  }, { once: true });
  dialog.showModal();
  focus?.focus();
}

/** Closes a dialog opened with openDialog, running its onClose first. */
export function closeDialog(dialog) {
  cleanUps.get(dialog)?.();
  dialog.close();
}
