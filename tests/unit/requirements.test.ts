import assert from 'node:assert/strict';
import { it } from 'node:test';
import { requirementsLine, requirementsOf } from '../../src/choosing/requirements.ts';

it('dit ce qu’il faut en clair, le plus léger d’abord, avec qui héberge et sur quels systèmes', () => {
  assert.equal(
    requirementsLine(requirementsOf({ plateformes: ['Serveur', 'Web'], hosts: ['Framasoft', 'Chapril', 'Zaclys'] })),
    'Rien à installer, chez Framasoft, Chapril ou 1 autre hébergeur CHATONS · Demande un serveur (à héberger soi-même)',
  );
  assert.equal(
    requirementsLine(requirementsOf({ plateformes: ['Web', 'Serveur'], hosts: ['Framasoft'] })),
    'Rien à installer, chez Framasoft · Demande un serveur (à héberger soi-même)',
  );
  assert.equal(requirementsLine(requirementsOf({ plateformes: ['Android', 'GNU/Linux', 'iOS'] })), 'S’installe comme une application (GNU/Linux, Android, iOS)');
  assert.equal(requirementsLine(requirementsOf({ plateformes: ['Web'] })), 'Rien à installer : s’utilise dans un navigateur');
  // A server package with a CHATONS host needs nothing installed for whoever uses the host's service.
  assert.deepEqual(
    requirementsOf({ plateformes: ['Serveur'], hosts: ['Framasoft'] }).map((r) => r.kind),
    ['rien-a-installer', 'serveur'],
  );
  assert.deepEqual(requirementsOf({}), []);
});
