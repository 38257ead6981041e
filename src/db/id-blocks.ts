// Contact ids in blocks (hi/lo): one `$inc` on a counter document reserves a block for this
// process, whose ids it then hands out from memory. No turn, and no two instances share an id.
import type { Models } from './models.js'
import { isDuplicateKey } from './store-errors.js'

export interface IdBlocksOptions {
  /** The counter document's `_id` ("contacts"): `{ _id, value: <highest id reserved> }`. */
  name: string
  /** Ids per block: a larger block costs fewer reservations, and lets instances' ids drift further apart. */
  blockSize: number
  /** The highest id in use, read once per process: nothing is handed out at or below it. */
  readHighest: () => Promise<number>
  /** Called when a reservation met another instance's (FerretDB), and was made again. */
  onCollision?: () => void
}

/**
 * Hands out unique, increasing-per-process ids. Ids of a block that a process never uses are
 * skipped for good: ids are never reused, and may have gaps.
 */
export class IdBlocks {
  private next = 1
  private last = 0
  private floorSet = false
  private refill: Promise<void> | undefined

  constructor (private readonly models: Models, private readonly options: IdBlocksOptions) {}

  /** The next id, reserving a new block first when this one is used up (one or two round trips). */
  async take (): Promise<number> {
    while (this.next > this.last) {
      // Writers that find the block empty wait for one reservation together.
      this.refill ??= this.reserve().finally(() => { this.refill = undefined })
      await this.refill
    }
    return this.next++
  }

  /** Forgets the block and the floor, for when the collections were emptied behind the service's back (tests do). */
  forget (): void {
    this.next = 1
    this.last = 0
    this.floorSet = false
  }

  private async reserve (): Promise<void> {
    const { Counter } = this.models
    const { name, blockSize } = this.options
    if (!this.floorSet) {
      // Ids written without the counter (an import, data older than it, a counter document in
      // another shape) must not be handed out again: raise the counter past them once.
      const highest = await this.options.readHighest()
      await upserted(async () => await Counter.updateOne({ _id: name }, { $max: { value: highest } }, { upsert: true }))
      this.floorSet = true
    }
    for (;;) {
      const row = await upserted(async () => await Counter.findOneAndUpdate({ _id: name }, { $inc: { value: blockSize } }, { upsert: true, returnDocument: 'after' }).lean<{ value: number }>())
      const last = row!.value
      // MongoDB's `$inc` is atomic; FerretDB v1's reads then writes, so two instances can get the
      // same value. A claim with a unique `_id` per block end makes the block one reserver's.
      try {
        await Counter.insertOne({ _id: `${name}@${last}` })
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
        this.options.onCollision?.()
        continue
      }
      this.next = last - blockSize + 1
      this.last = last
      return
    }
  }
}

/** Runs an upsert again when another one created the document first (two upserts can race to insert it). */
async function upserted<T> (upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert()
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
    return await upsert()
  }
}
