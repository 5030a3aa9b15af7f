// Edit a token: its name is the only thing that can change. The dialog says so, and shows the fixed access.

import { $, busy, clearErrors, closeDialog, openDialog, showError } from './dom.js';

const dialog = $('edit-dialog');
const form = $('edit-form');
const nameInput = $('edit-name');

/** rename(name) sends the new name; a refusal is shown next to the name field. */
export function openEditDialog({ token, accessText, rename, returnFocus }) {
  clearErrors(form);
  nameInput.value = token.name;
  $('edit-access').textContent = accessText;
  form.onsubmit = async (event) => {
    event.preventDefault();
    clearErrors(form);
    await busy(form, async () => {
      try {
        await rename(nameInput.value);
        closeDialog(dialog);
      } catch (error) {
        showError($('edit-name-error'), error.message, nameInput);
        nameInput.focus();
      }
    });
  };
  openDialog(dialog, { focus: nameInput, returnFocus });
  nameInput.select();
}
