import { Component, type ReactNode } from 'react';

/**
 * Keeps the panels alive when the map fails to load or render (no WebGL on the wall PC, a chunk
 * refused by the CSP): the counts, tree, search and building panel still work without it.
 */
export class MapBoundary extends Component<
  { fallback: (message: string) => ReactNode; children: ReactNode },
  { error: string | null }
> {
  override state = { error: null as string | null };

  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }

  override componentDidCatch(e: unknown) {
    console.error('map failed', e);
  }

  override render() {
    return this.state.error === null ? this.props.children : this.props.fallback(this.state.error);
  }
}
