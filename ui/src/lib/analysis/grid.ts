// Keyboard movement over a table of cells (the heatmaps): the arrows, Home
// and End within a row, Ctrl+Home/End to the corners, PageUp/PageDown by a
// page of rows. Positions are [row, column] from 0.

export interface Cell {
  row: number;
  column: number;
}

export const PAGE_ROWS = 10;

/** Where a key moves the focus to, or null when the key is not a movement
 *  (or the table is empty). The result always lies inside the table. */
export function moveCell(at: Cell, key: string, rows: number, columns: number, ctrl = false): Cell | null {
  if (rows <= 0 || columns <= 0) return null;
  const clamp = (r: number, c: number): Cell => ({
    row: Math.min(rows - 1, Math.max(0, r)),
    column: Math.min(columns - 1, Math.max(0, c)),
  });
  const { row, column } = clamp(at.row, at.column);
  switch (key) {
    case "ArrowUp":
      return clamp(row - 1, column);
    case "ArrowDown":
      return clamp(row + 1, column);
    case "ArrowLeft":
      return clamp(row, column - 1);
    case "ArrowRight":
      return clamp(row, column + 1);
    case "Home":
      return ctrl ? clamp(0, 0) : clamp(row, 0);
    case "End":
      return ctrl ? clamp(rows - 1, columns - 1) : clamp(row, columns - 1);
    case "PageUp":
      return clamp(row - PAGE_ROWS, column);
    case "PageDown":
      return clamp(row + PAGE_ROWS, column);
    default:
      return null;
  }
}
