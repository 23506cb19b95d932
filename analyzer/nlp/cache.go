package nlp

import "sync"

// DefaultCacheSize bounds a Classifier's sentence cache. Goals are copied forward
// from visit to visit, so a batch of one clinic's notes repeats a few thousand
// distinct goal sentences; 4096 entries of a few hundred bytes each stay under
// 2 MB.
const DefaultCacheSize = 4096

// cache is a bounded map from goal sentence to its Facts. When full it evicts the
// oldest entry (FIFO): goals recur in runs (one patient's notes together), so
// recency of insertion is a fair proxy for recency of use, and FIFO needs no
// bookkeeping on a hit, which keeps hits to one read-locked map lookup.
type cache struct {
	mu    sync.RWMutex
	max   int
	m     map[string]Facts
	order []string // ring of keys in insertion order
	next  int      // ring position of the oldest key once full
}

func newCache(max int) *cache {
	return &cache{max: max, m: make(map[string]Facts, min(max, 256))}
}

func (c *cache) get(k string) (Facts, bool) {
	if c.max <= 0 {
		return Facts{}, false
	}
	c.mu.RLock()
	f, ok := c.m[k]
	c.mu.RUnlock()
	return f, ok
}

func (c *cache) put(k string, f Facts) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok {
		return
	}
	if len(c.order) < c.max {
		c.order = append(c.order, k)
	} else {
		delete(c.m, c.order[c.next])
		c.order[c.next] = k
		c.next = (c.next + 1) % c.max
	}
	c.m[k] = f
}

// CacheLen returns the number of sentences in the cache.
func (c *Classifier) CacheLen() int {
	c.cache.mu.RLock()
	defer c.cache.mu.RUnlock()
	return len(c.cache.m)
}
