// The inbox's URL filters: read, written back, turned into the API query, and the paging label.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  concernsFilters,
  filtersFromSearch,
  filtersToSearch,
  openErrorIdFromSearch,
  pageCount,
  pageRangeLabel,
  toErrorListQuery,
  withFilter,
} from '../src/pages/errors/error-filters.ts';

describe('error inbox filters', () => {
  it('defaults to open errors on the first page', () => {
    assert.deepEqual(filtersFromSearch(''), { status: 'open', page: 0 });
    assert.equal(filtersToSearch({ status: 'open', page: 0 }), '');
  });

  it('reads every filter from the URL and writes the same URL back', () => {
    const search =
      '?flowId=contacts&nodeId=upsert-contact&code=TARGET_VALIDATION&status=all&runId=r-1&sourceId=5041&page=3';
    const filters = filtersFromSearch(search);
    assert.deepEqual(filters, {
      flowId: 'contacts',
      nodeId: 'upsert-contact',
      code: 'TARGET_VALIDATION',
      status: 'all',
      runId: 'r-1',
      sourceId: '5041',
      page: 2,
    });
    assert.equal(filtersToSearch(filters), search);
  });

  it('ignores malformed values instead of failing the page', () => {
    assert.deepEqual(filtersFromSearch('?flowId=Not%20A%20Slug&code=NOPE&status=maybe&page=-4&nodeId=x'), {
      status: 'open',
      page: 0,
    });
    // A node filter means nothing without its flow.
    assert.equal(filtersFromSearch('?nodeId=upsert').nodeId, undefined);
  });

  it('keeps the open error in the URL next to the filters', () => {
    const search = filtersToSearch({ status: 'resolved', page: 0, flowId: 'a' }, 'err-9');
    assert.equal(search, '?flowId=a&status=resolved&error=err-9');
    assert.equal(openErrorIdFromSearch(search), 'err-9');
    assert.equal(openErrorIdFromSearch('?flowId=a'), undefined);
  });

  it('builds the API query: status all sends no status, the page becomes an offset', () => {
    assert.deepEqual(toErrorListQuery({ status: 'all', page: 2, flowId: 'f', sourceId: '7' }, 50), {
      limit: '50',
      offset: '100',
      flowId: 'f',
      sourceId: '7',
    });
    assert.deepEqual(toErrorListQuery({ status: 'open', page: 0 }), {
      limit: '100',
      offset: '0',
      status: 'open',
    });
  });

  it('goes back to the first page and drops the node filter when the flow changes', () => {
    const filters = { status: 'open' as const, page: 4, flowId: 'a', nodeId: 'n1', code: 'NETWORK' as const };
    assert.deepEqual(withFilter(filters, { flowId: 'b' }), {
      status: 'open',
      page: 0,
      flowId: 'b',
      code: 'NETWORK',
    });
    assert.deepEqual(withFilter(filters, { code: undefined }), {
      status: 'open',
      page: 0,
      flowId: 'a',
      nodeId: 'n1',
    });
    assert.deepEqual(withFilter(filters, { sourceId: '' }), {
      status: 'open',
      page: 0,
      flowId: 'a',
      nodeId: 'n1',
      code: 'NETWORK',
    });
  });

  it('refreshes only for runs the filters can show', () => {
    assert.equal(concernsFilters({ status: 'open', page: 0 }, { flowId: 'a', runId: 'r' }), true);
    assert.equal(
      concernsFilters({ status: 'open', page: 0, flowId: 'b' }, { flowId: 'a', runId: 'r' }),
      false,
    );
    assert.equal(
      concernsFilters({ status: 'open', page: 0, runId: 'r2' }, { flowId: 'a', runId: 'r' }),
      false,
    );
  });

  it('labels the page range with the total', () => {
    assert.equal(pageRangeLabel(0, 100, 342), '1–100 of 342');
    assert.equal(pageRangeLabel(300, 42, 342), '301–342 of 342');
    assert.equal(pageRangeLabel(0, 0, 0), '0 of 0');
    assert.equal(pageRangeLabel(0, 100, 12345), '1–100 of 12,345');
    assert.equal(pageCount(342), 4);
    assert.equal(pageCount(0), 1);
  });
});
