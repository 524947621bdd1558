// The palette of node types: drag one onto the canvas (HTML5 drag and drop), or click / press Enter to
// add it in the middle of the view. Only shown in edit mode.
import type { DragEvent } from 'react';
import { NODE_TYPES, type NodeType } from '@flowsync/contracts';
import { Icon } from '../../ui/icons.tsx';
import { NODE_DRAG_TYPE, NODE_TYPE_HINTS, NODE_TYPE_TITLES } from './node-defaults.ts';
import { useCanvasCommands } from './use-canvas-commands.ts';

export function NodePalette() {
  const commands = useCanvasCommands();
  const onDragStart = (event: DragEvent, type: NodeType) => {
    event.dataTransfer.setData(NODE_DRAG_TYPE, type);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <nav className="editor-palette" aria-label="Node palette">
      <h2 className="editor-palette__heading">Nodes</h2>
      <ul className="editor-palette__list">
        {NODE_TYPES.map((type) => (
          <li key={type}>
            <button
              type="button"
              className={`editor-palette__item editor-palette__item--${type}`}
              aria-label={`Add ${NODE_TYPE_TITLES[type]} node`}
              title={`${NODE_TYPE_HINTS[type]}. Drag onto the canvas, or click to add.`}
              draggable
              onDragStart={(event) => onDragStart(event, type)}
              onClick={() => commands.addNodeAtCentre(type)}
            >
              <span className="editor-palette__icon" aria-hidden="true">
                <Icon name={type} size={16} />
              </span>
              <span className="editor-palette__name">{NODE_TYPE_TITLES[type]}</span>
            </button>
          </li>
        ))}
      </ul>
      <p className="editor-palette__hint">Drag onto the canvas or click to add</p>
    </nav>
  );
}
