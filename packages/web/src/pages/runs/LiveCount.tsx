// A counter that flashes briefly when its value changes, so live numbers visibly tick.
import { formatCount } from '../../ui/format.ts';
import './live-count.css';

export function LiveCount({ value, live }: { value: number; live?: boolean }) {
  return (
    <span key={live ? value : undefined} className={live ? 'live-count live-count--ticking' : 'live-count'}>
      {formatCount(value)}
    </span>
  );
}
