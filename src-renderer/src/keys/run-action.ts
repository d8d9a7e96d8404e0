/** What each action does: the one place key bindings meet the trading actions and the view. */
import type { Direction } from '../layout/layout-model.js';
import type { PanelId } from '../layout/panels.js';
import type { Terminal } from '../stores/terminal.svelte.ts';
import type { Trading } from '../stores/trading.ts';
import { focusTarget, type ActionId } from './actions.js';
import { STEP_US } from '../stores/playback.svelte.ts';

/** What the actions need from the page itself. */
export interface ViewHooks {
  focusPanel(panel: PanelId): void;
  /** The panel holding the focus, if any. */
  focusedPanel(): PanelId | undefined;
}

/** Returns the function that runs an action by id. */
export function createActionRunner(terminal: Terminal, trading: Trading, view: ViewHooks): (action: ActionId) => void {
  const { ticket, ui, layout } = terminal;
  const movePanel = (direction: Direction): void => {
    const panel = view.focusedPanel();
    if (panel === undefined) return;
    layout.move(panel, direction);
    // The panel is re-created in its new place: give it the focus back.
    queueMicrotask(() => requestAnimationFrame(() => view.focusPanel(panel)));
  };
  const handlers: Partial<Record<ActionId, () => void>> = {
    buyLimit: () => void trading.order('buy', { kind: 'ticket' }),
    sellLimit: () => void trading.order('sell', { kind: 'ticket' }),
    buyMarket: () => void trading.order('buy', { kind: 'market' }),
    sellMarket: () => void trading.order('sell', { kind: 'market' }),
    flatten: () => trading.flatten(),
    killSwitch: () => void trading.killSwitch(),
    nextOrderType: () => ticket.cycleType(1),
    previousOrderType: () => ticket.cycleType(-1),
    nextAccount: () => ticket.cycleAccount(1),
    previousAccount: () => ticket.cycleAccount(-1),
    priceUp: () => ticket.stepPrice(1),
    priceDown: () => ticket.stepPrice(-1),
    priceUp10: () => ticket.stepPrice(10),
    priceDown10: () => ticket.stepPrice(-10),
    priceToBid: () => ticket.priceToTouch('bid'),
    priceToAsk: () => ticket.priceToTouch('ask'),
    qtyUp: () => ticket.stepQty(1),
    qtyDown: () => ticket.stepQty(-1),
    cancelNewest: () => trading.cancelNewest(),
    cancelAll: () => trading.cancelAll(),
    moveNewestUp: () => trading.moveNewest(1),
    moveNewestDown: () => trading.moveNewest(-1),
    editNewest: () => trading.editNewest(),
    movePanelLeft: () => movePanel('left'),
    movePanelRight: () => movePanel('right'),
    movePanelUp: () => movePanel('up'),
    movePanelDown: () => movePanel('down'),
    resetLayout: () => layout.reset(),
    search: () => {
      ui.searchOpen = true;
    },
    nextTimeframe: () => {
      ui.cycleTimeframe(terminal.session.timeframes, 1);
      terminal.requestChart();
    },
    previousTimeframe: () => {
      ui.cycleTimeframe(terminal.session.timeframes, -1);
      terminal.requestChart();
    },
    recentre: () => ui.recentreLadder(),
    toggleTheme: () => ui.toggleTheme(),
    help: () => {
      ui.helpOpen = true;
    },
    openSessions: () => terminal.playback.openPicker(),
    playPause: () => terminal.playback.togglePlaying(),
    replayFaster: () => terminal.playback.stepSpeed(1),
    replaySlower: () => terminal.playback.stepSpeed(-1),
    replayForward: () => terminal.playback.step(STEP_US),
    replayBack: () => terminal.playback.step(-STEP_US),
    backToLive: () => terminal.playback.backToLive(),
  };
  return (action) => {
    const panel = focusTarget(action);
    if (panel !== undefined) view.focusPanel(panel);
    else handlers[action]?.();
  };
}
