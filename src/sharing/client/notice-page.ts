/** A notice page's sharing: the copy button of « Copier pour mon mini-site » and the basket button. */
import { mountAddButtons } from './add-buttons.ts';
import { mountCopyButtons } from './copy.ts';

mountCopyButtons();
mountAddButtons();
