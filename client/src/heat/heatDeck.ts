import type { PickingInfo } from '@deck.gl/core';
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import type { HeatCell } from '../../../contracts/heat.ts';
import type { DeckContribution } from '../map2d/deckLayers.ts';
import { loadHexCases } from './heatApi.ts';
import { heatColor, UNWALKED_RGB } from './heatScale.ts';
import { useHeat } from './heatStore.ts';

/**
 * The heat zones in 2D: the window's hexagons filled by count (H3HexagonLayer), and for presence
 * the cells nobody walked, hatched apart. Rebuilt from the store on every draw; fixed ids.
 */
export const heatDeck: DeckContribution = {
  layers() {
    const s = useHeat.getState();
    const a = s.answer;
    const hex = s.on && a !== null && typeof a.res === 'number';
    const layer = a?.layer ?? 'cases';
    return [
      new H3HexagonLayer<HeatCell>({
        id: 'heat:cells',
        data: hex ? a.cells : [],
        visible: hex,
        getHexagon: (d) => d.id,
        getFillColor: (d) => [...heatColor(layer, d.n, a?.max ?? 1), 190],
        getLineColor: [10, 20, 40, 160],
        lineWidthMinPixels: 1,
        stroked: true,
        extruded: false,
        highPrecision: 'auto',
        pickable: true,
        updateTriggers: { getFillColor: [layer, a?.max] },
      }),
      new H3HexagonLayer<string>({
        id: 'heat:unwalked',
        data: hex && a.unwalked ? a.unwalked : [],
        visible: hex && layer === 'presence',
        getHexagon: (d) => d,
        getFillColor: [...UNWALKED_RGB, 70],
        getLineColor: [...UNWALKED_RGB, 140],
        lineWidthMinPixels: 1,
        stroked: true,
        extruded: false,
        pickable: false,
      }),
    ];
  },
  onClick(info: PickingInfo) {
    const cell = info.object as HeatCell | undefined;
    if (cell && useHeat.getState().answer?.layer === 'cases')
      void loadHexCases(cell.id).catch(() => undefined);
  },
};
