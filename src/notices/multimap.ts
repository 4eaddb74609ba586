/**
 * Lists kept by key (a notice's étiquettes, the notices of a product…). Appended in place: a copy
 * of the list at each addition made a key shared by thousands of notices cost its size squared.
 */
export function appendTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}
