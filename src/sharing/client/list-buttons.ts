/** Lists of notices: the compact « Ajouter » buttons of the cards. */
import { mountAddButtons } from './add-buttons.ts';

mountAddButtons();
