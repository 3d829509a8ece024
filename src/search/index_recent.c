/* index_recent: the last few searches' results, kept so that typing back
 * to a text (a backspace after a typo) costs a copy instead of a search;
 * see index_internal.h. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "paperdeck/xalloc.h"
#include "index_internal.h"

/* Empties slot r; its buffers stay for the next result it keeps. */
static void recent_drop(recent *r)
{
    free(r->text);
    r->text = NULL;
    r->n = 0;
}

void recent_forget(paper_index *ix)
{
    for (int i = 0; i < RECENT_SLOTS; i++)
        recent_drop(&ix->recent[i]);
}

void recent_free(paper_index *ix)
{
    for (int i = 0; i < RECENT_SLOTS; i++) {
        recent *r = &ix->recent[i];
        recent_drop(r);
        free(r->member);
        free(r->ends);
        free(r->head_ids);
        free(r->head_scores);
        memset(r, 0, sizeof *r);
    }
}

static uint32_t member_words(const paper_index *ix)
{
    return ix->cat->nentries / 64 + 1;
}

/* Gives slot r room for the whole list's matches at once, since fresh
 * memory costs a page fault per 4 KiB (a million ids, about 1300 faults,
 * took 15-50 ms a keystroke here). */
static void recent_reserve(paper_index *ix, recent *r)
{
    uint32_t cap = ix->cat->nentries;
    if (r->member && r->cap >= cap)
        return;
    free(r->member);
    free(r->ends);
    r->member = xmalloc(member_words(ix) * sizeof *r->member);
    r->ends = xmalloc((cap ? cap : 1) * sizeof *r->ends);
    r->cap = cap;
}

void recent_warm(paper_index *ix)
{
    for (int i = 0; i < RECENT_SLOTS; i++) {
        recent *r = &ix->recent[i];
        bool fresh = !r->member || r->cap < ix->cat->nentries;
        recent_reserve(ix, r);
        if (fresh) {
            memset(r->member, 0, member_words(ix) * sizeof *r->member);
            memset(r->ends, 0, r->cap * sizeof *r->ends);
        }
    }
}

/* Puts r's matches into ids, in document order. */
static void recent_ids(const paper_index *ix, const recent *r, uint32_t *ids)
{
    uint32_t n = 0;
    for (uint32_t w = 0, words = member_words(ix); w < words && n < r->n; w++)
        for (uint64_t bits = r->member[w]; bits; bits &= bits - 1)
            ids[n++] = w * 64 + (uint32_t)__builtin_ctzll(bits);
}

static recent *recent_find(paper_index *ix, const char *text, int32_t scope)
{
    for (int i = 0; i < RECENT_SLOTS; i++) {
        recent *r = &ix->recent[i];
        if (r->text && r->scope == scope && strcmp(r->text, text) == 0)
            return r;
    }
    return NULL;
}

/* An empty slot, else the one used longest ago. */
static recent *recent_victim(paper_index *ix)
{
    recent *oldest = &ix->recent[0];
    for (int i = 0; i < RECENT_SLOTS; i++) {
        recent *r = &ix->recent[i];
        if (!r->text)
            return r;
        if (r->used < oldest->used)
            oldest = r;
    }
    return oldest;
}

/* Keeps ids[0..n), document order, as the result of text in scope, in the
 * slot used longest ago. Returns the slot. */
recent *recent_store(paper_index *ix, const char *text, int32_t scope, const uint32_t *ids,
                     uint32_t n)
{
    /* The slot: this text's, else an empty one, else the one used
     * longest ago; its buffers are reused (fresh memory costs a page
     * fault per 4 KiB). */
    recent *slot = recent_find(ix, text, scope);
    if (!slot)
        slot = recent_victim(ix);
    recent_drop(slot);
    recent_reserve(ix, slot);
    memset(slot->member, 0, member_words(ix) * sizeof *slot->member);
    for (uint32_t i = 0; i < n; i++) {
        /* ascending: ends[i] is the i-th set bit's (recent_ids) */
        assert(i == 0 || ids[i - 1] < ids[i]);
        slot->member[ids[i] / 64] |= (uint64_t)1 << (ids[i] % 64);
    }
    /* The match ends this search wrote, so that typing on from here after
     * a backspace still goes on from them (recent_restore_ends). */
    bool ends = ix->resume_read && ix->resume_text && strcmp(ix->resume_text, text) == 0;
    slot->has_ends = ends;
    for (uint32_t i = 0; ends && i < n; i++) {
        uint16_t stamp = ix->resume[ids[i]];
        slot->ends[i] = stamp >> 12 == ix->resume_read ? stamp : 0;
    }
    slot->text = xstrdup(text);
    slot->scope = scope;
    slot->n = n;
    slot->nhead = 0;
    slot->top = UINT32_MAX; /* no head yet */
    slot->used = ++ix->recent_clock;
    return slot;
}

/* Keeps the ranked head of v, ranked for top, with slot's matches. */
void recent_store_head(recent *slot, const view *v, uint32_t top)
{
    slot->head_ids = xrealloc(slot->head_ids, (v->nranked + 1) * sizeof *slot->head_ids);
    slot->head_scores = xrealloc(slot->head_scores, (v->nranked + 1) * sizeof *slot->head_scores);
    if (v->nranked) {
        memcpy(slot->head_ids, v->ids, v->nranked * sizeof *v->ids);
        memcpy(slot->head_scores, v->scores, v->nranked * sizeof *v->scores);
    }
    slot->nhead = v->nranked;
    slot->top = top;
}

/* Makes r's search (its matches ids) the latest one for the next
 * keystroke's resume: its kept match ends, stamped with a new generation. */
static void recent_restore_ends(paper_index *ix, const recent *r, const uint32_t *ids)
{
    if (!r->has_ends)
        return;
    if (ix->resume_text && strcmp(ix->resume_text, r->text) == 0)
        return; /* its own stamps are the latest already */
    uint16_t gen = index_resume_begin(ix, r->text);
    for (uint32_t i = 0; i < r->n; i++)
        ix->resume[ids[i]] = r->ends[i] ? (uint16_t)(gen << 12 | (r->ends[i] & RESUME_END_MAX)) : 0;
}

/* The slot keeping q's result in scope when v is that result (the whole
 * of it: only the count is compared), else NULL. */
static recent *recent_holding(paper_index *ix, const query *q, int32_t scope, const view *v)
{
    recent *r = recent_find(ix, query_text(q), scope);
    return r && r->n == v->n ? r : NULL;
}

/* The head ranked for v, the whole of q's kept result in scope, kept
 * with it (recent_store_head) so that typing back to q copies it. */
void recent_keep_ranked(paper_index *ix, const query *q, int32_t scope, const view *v, uint32_t top)
{
    recent *r = recent_holding(ix, q, scope, v);
    if (r && query_is_ranked(q))
        recent_store_head(r, v, top);
}

/* Makes q's kept result in scope, v (document order), the latest search
 * again for the next keystroke's resume: its kept match ends. */
void recent_resume_kept(paper_index *ix, const query *q, int32_t scope, const view *v)
{
    recent *r = recent_holding(ix, q, scope, v);
    if (r)
        recent_restore_ends(ix, r, v->ids);
}

/* Ranks v, the whole of q's kept result in scope in document order, from
 * its kept head when that was ranked for top or more (UINT32_MAX: no head
 * yet); false when none is. */
bool recent_rank_kept(paper_index *ix, const query *q, int32_t scope, view *v, uint32_t top)
{
    recent *r = recent_holding(ix, q, scope, v);
    if (!r || r->top == UINT32_MAX || r->top < top || !query_is_ranked(q))
        return false;
    view_set_head(ix, v, r->head_ids, r->head_scores, r->nhead);
    ix->heads_reused++;
    return true;
}

/* Fills out from a kept result of q in scope, as a search would; false
 * when none is kept. */
bool recent_reuse(paper_index *ix, const query *q, int32_t scope, uint32_t top, view *out)
{
    recent *r = recent_find(ix, query_text(q), scope);
    if (!r)
        return false;
    r->used = ++ix->recent_clock;
    ix->recent_reused++;
    view_reserve(out, r->n);
    out->n = r->n;
    recent_ids(ix, r, out->ids);
    recent_restore_ends(ix, r, out->ids);
    bool ranked = query_is_ranked(q);
    if (!ranked || r->top != top) {
        if (ranked) {
            index_rank_top(ix, q, out, top);
        } else {
            if (r->n)
                memset(out->scores, 0, r->n * sizeof *out->scores);
            out->nranked = r->n;
        }
        return true;
    }
    /* The kept head, then the other matches in document order. */
    view_set_head(ix, out, r->head_ids, r->head_scores, r->nhead);
    return true;
}
