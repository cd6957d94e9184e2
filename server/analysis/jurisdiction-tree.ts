/**
 * The tree of jurisdictions in memory (province → city → county, issue #15), rebuilt when any
 * jurisdiction's data version changes (an import is the only way a parent changes, and it bumps the
 * version). Scopes ask it for ancestors; roll-ups for the counties below a city or province.
 */
import type { TreeNode } from '../db/jurisdiction-tree.repository.js';

export class JurisdictionTree {
  private readonly byId = new Map<string, TreeNode>();
  private readonly children = new Map<string, TreeNode[]>();

  constructor(nodes: readonly TreeNode[]) {
    for (const node of nodes) this.byId.set(node.id, node);
    for (const node of nodes) {
      if (node.parentId === null || !this.byId.has(node.parentId)) continue;
      const list = this.children.get(node.parentId) ?? [];
      list.push(node);
      this.children.set(node.parentId, list);
    }
  }

  get(id: string): TreeNode | undefined {
    return this.byId.get(id);
  }

  /** Every jurisdiction. */
  all(): TreeNode[] {
    return [...this.byId.values()];
  }

  /** The jurisdictions directly below `id`, by id. */
  childrenOf(id: string): TreeNode[] {
    return this.children.get(id) ?? [];
  }

  /** The ids above `id`, nearest first (empty at the top or for an unknown id). */
  ancestorsOf(id: string): string[] {
    const chain: string[] = [];
    let parent = this.byId.get(id)?.parentId ?? null;
    while (parent !== null && this.byId.has(parent) && !chain.includes(parent) && parent !== id) {
      chain.push(parent);
      parent = this.byId.get(parent)!.parentId;
    }
    return chain;
  }

  /** The counties at any depth below `id` (or `id` itself when it is a county), by id. */
  countiesUnder(id: string): TreeNode[] {
    const node = this.byId.get(id);
    if (!node) return [];
    if (node.level === 'county') return [node];
    const result: TreeNode[] = [];
    const seen = new Set<string>([id]);
    const stack = [...this.childrenOf(id)];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next.id)) continue;
      seen.add(next.id);
      if (next.level === 'county') result.push(next);
      else stack.push(...this.childrenOf(next.id));
    }
    return result.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
