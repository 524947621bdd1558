// The move up, move down and remove buttons of a row in an ordered list (mappings, strategies).
import { IconButton } from '../../ui/components.tsx';

/** Move up, move down and remove buttons of a row in an ordered list. */
export function RowActions({
  what,
  index,
  count,
  onMove,
  onRemove,
}: {
  what: string;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  return (
    <div className="inspector__row-actions">
      <IconButton
        label={`Move ${what} ${index + 1} up`}
        icon="chevronDown"
        className="inspector__flip"
        size="sm"
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
      />
      <IconButton
        label={`Move ${what} ${index + 1} down`}
        icon="chevronDown"
        size="sm"
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
      />
      <IconButton label={`Remove ${what} ${index + 1}`} icon="trash" size="sm" onClick={onRemove} />
    </div>
  );
}
