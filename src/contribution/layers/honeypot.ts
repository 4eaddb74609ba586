/** Layer « honeypot »: a field people never see (hidden by CSS, out of the tab order) that robots fill in. */
import { HONEYPOT_FIELD } from '../form-fields.ts';
import { Refusal } from '../refusal.ts';

export function refuseFilledHoneypot(fields: Map<string, string[]>): void {
  if (fields.get(HONEYPOT_FIELD)?.[0]?.trim()) {
    throw new Refusal('pot-de-miel', 'Le champ « Ne remplissez pas ce champ » doit rester vide (il sert à repérer les robots).');
  }
}
