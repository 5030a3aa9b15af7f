// Edit a token: its name is the only thing that can change. The dialog says so, and shows the fixed access.

import { $, busy, clearErrors, clearWhenFixed, closeDialog, openDialog, showError } from './dom.js';
import { nameInWords } from './token-form.js';

const dialog = $('edit-dialog');
const form = $('edit-form');
const nameInput = $('edit-name');
const nameError = $('edit-name-error');
clearWhenFixed(nameInput, nameError, () => nameInput.value.trim() !== '');

/** rename(name) sends the new name; a refusal is shown next to the name field. */
export function openEditDialog({ token, accessText, rename, returnFocus }) {
  clearErrors(form);
  nameInput.value = token.name;
  $('edit-access').textContent = accessText;
  form.onsubmit = async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!nameInput.value.trim()) {
      showError(nameError, 'Give the token a name.', nameInput);
      nameInput.focus();
      return;
    }
    await busy(form, async () => {
      try {
        await rename(nameInput.value);
        closeDialog(dialog);
      } catch (error) {
        showError(nameError, nameInWords(error.message), nameInput);
        nameInput.focus();
      }
    }, { button: $('edit-save'), label: 'Saving…' });
  };
  openDialog(dialog, { focus: nameInput, returnFocus });
  nameInput.select();
}
