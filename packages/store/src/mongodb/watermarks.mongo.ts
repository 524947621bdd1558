import type { WatermarkRepository } from '../store.port.ts';
import { compact } from '../store-support.ts';
import type { MongoCollections } from './mongo-collections.ts';

export function createMongoWatermarkRepository(c: MongoCollections): WatermarkRepository {
  return {
    async get(flowId, nodeId) {
      const doc = await c.watermarks.findOne({ flowId, nodeId }, { projection: { _id: 0 } });
      if (doc === null) return null;
      return compact({
        flowId: doc.flowId,
        nodeId: doc.nodeId,
        value: doc.value,
        updatedAt: doc.updatedAt,
        runId: doc.runId,
      });
    },

    async set(watermark) {
      await c.watermarks.replaceOne(
        { flowId: watermark.flowId, nodeId: watermark.nodeId },
        compact({
          flowId: watermark.flowId,
          nodeId: watermark.nodeId,
          value: watermark.value,
          updatedAt: watermark.updatedAt,
          runId: watermark.runId,
        }),
        { upsert: true },
      );
    },

    async clear(flowId) {
      await c.watermarks.deleteMany({ flowId });
    },
  };
}
