/* paperdeck-gen: writes a deterministic synthetic paper list for benchmarks.
 *
 *   paperdeck-gen N OUT.yaml [TITLES.txt] [--seed S]
 *
 * N entries in the paperdeck YAML format (docs/, format version 1), spread
 * over eleven top-level sections (three of them with sub-sections), with
 * titles built from a weighted vocabulary so that the words people type
 * (attention, transformer, efficient, linear, ...) are frequent. TITLES.txt
 * gets the same titles, one per line, for fzf and fzy.
 *
 * Only integer arithmetic and our own PRNG (splitmix64) decide the output, so
 * the same N and seed give the same bytes on every machine. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_MAX_ENTRIES 10000000u
/* arXiv ids are months 2015-01..2024-12 x numbers 00001..99999, visited by a
 * multiplicative permutation so every entry gets its own id. */
#define ARXIV_MONTHS 120u
#define ARXIV_NUMBERS 99999u
#define ARXIV_SPACE (ARXIV_MONTHS * ARXIV_NUMBERS)
#define ARXIV_STRIDE 7919113u /* coprime with ARXIV_SPACE = 2^3*3^3*5*41*271 */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n), n < 2^32, without division bias worth mentioning. */
static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* True with probability pct percent. */
static bool rng_pct(rng *r, uint32_t pct)
{
    return rng_below(r, 100) < pct;
}

/* --- weighted word lists -------------------------------------------------- */

typedef struct word {
    const char *w;
    uint16_t weight;
} word;

/* A bag expands the weights into a flat table: a pick is one index. */
typedef struct bag {
    const word *words;
    uint16_t *slots;
    uint32_t nslots;
} bag;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const word adjectives[] = {
    {"Efficient", 14},
    {"Linear", 10},
    {"Sparse", 10},
    {"Large", 10},
    {"Fast", 6},
    {"Scalable", 5},
    {"Low-Rank", 5},
    {"Quantized", 4},
    {"Long-Context", 4},
    {"Parameter-Efficient", 4},
    {"Structured", 3},
    {"Dynamic", 3},
    {"Adaptive", 3},
    {"Memory-Efficient", 3},
    {"Post-Training", 3},
    {"Hardware-Aware", 2},
    {"Lightweight", 2},
    {"Faster", 2},
    {"Robust", 2},
    {"Simple", 2},
    {"Accurate", 2},
    {"Mixed-Precision", 2},
    {"Multi-Head", 2},
    {"Causal", 2},
    {"Recurrent", 2},
    {"Selective", 2},
    {"Hierarchical", 2},
    {"Compact", 2},
    {"Pretrained", 2},
    {"Small", 2},
    {"Distributed", 2},
    {"Multimodal", 2},
    {"Autoregressive", 2},
    {"Continual", 1},
    {"Block-Sparse", 1},
    {"Differentiable", 1},
    {"Near-Lossless", 1},
    {"Extreme", 1},
    {"Optimal", 1},
    {"One-Shot", 1},
    {"Zero-Shot", 1},
    {"Few-Shot", 1},
    {"Unified", 1},
    {"Provable", 1},
    {"Stochastic", 1},
    {"Learnable", 1},
    {"Rotary", 1},
    {"Sub-Quadratic", 1},
    {"4-bit", 1},
    {"2-bit", 1},
    {"Binary", 1},
    {"Ternary", 1},
    {"Shared", 1},
    {"Grouped-Query", 1},
    {"Multi-Query", 1},
    {"Speculative", 1},
    {"Asynchronous", 1},
    {"Federated", 1},
    {"Private", 1},
    {"Multilingual", 1},
    {"Generative", 1},
    {"Bidirectional", 1},
    {"Global", 1},
    {"Local", 1},
    {"Sliding-Window", 1},
    {"Nyström-Based", 1},
    {"Kernelized", 1},
    {"Randomized", 1},
    {"Approximate", 1},
    {"Exact", 1},
    {"Fine-Grained", 1},
    {"Coarse-Grained", 1},
    {"Task-Agnostic", 1},
    {"Instruction-Tuned", 1},
    {"Data-Free", 1},
    {"Training-Free", 1},
    {"Lossless", 1},
    {"Outlier-Aware", 1},
    {"Activation-Aware", 1},
    {"Energy-Efficient", 1},
    {"On-Device", 1},
    {"Elastic", 1},
    {"Nested", 1},
    {"Modular", 1},
    {"Gated", 1},
    {"Convolutional", 1},
    {"Residual", 1},
};

static const word modifiers[] = {
    {"Language", 14},   {"Model", 6},      {"Transformer", 9},
    {"Attention", 9},   {"Vision", 3},     {"Token", 3},
    {"KV", 2},          {"Cache", 2},      {"Mixture-of-Experts", 2},
    {"State-Space", 2}, {"Diffusion", 2},  {"Neural", 3},
    {"Weight", 2},      {"Activation", 2}, {"Kernel", 2},
    {"Memory", 2},      {"Sequence", 2},   {"Graph", 1},
    {"Speech", 1},      {"Retrieval", 1},  {"Decoder", 1},
    {"Encoder", 1},     {"Embedding", 1},  {"GPU", 1},
    {"Context", 1},     {"Expert", 1},     {"Adapter", 1},
    {"Prompt", 1},      {"Gradient", 1},   {"Tensor", 1},
    {"Matrix", 1},      {"Hash", 1},       {"Fourier", 1},
    {"Wavelet", 1},     {"Butterfly", 1},  {"Monarch", 1},
    {"Toeplitz", 1},    {"Kronecker", 1},  {"Lottery", 1},
    {"Code", 1},        {"Reasoning", 1},  {"Instruction", 1},
    {"Preference", 1},  {"Reward", 1},     {"Policy", 1},
    {"Query", 1},       {"Key-Value", 1},  {"Softmax", 1},
    {"Layer", 1},       {"Head", 1},       {"Channel", 1},
    {"Feature", 1},     {"Pixel", 1},      {"Patch", 1},
    {"Video", 1},       {"Audio", 1},      {"Protein", 1},
    {"Chebyshev", 1},   {"Bézier", 1},
};

static const word heads[] = {
    {"Models", 14},     {"Transformers", 9}, {"Attention", 10},      {"Inference", 7},
    {"Training", 7},    {"Quantization", 7}, {"Pruning", 6},         {"Distillation", 3},
    {"Adaptation", 3},  {"Fine-Tuning", 4},  {"Decoding", 3},        {"Compression", 4},
    {"Networks", 3},    {"Sparsity", 2},     {"Approximation", 2},   {"Experts", 2},
    {"Serving", 2},     {"Generation", 2},   {"Representations", 2}, {"Kernels", 1},
    {"Scaling", 1},     {"Benchmark", 1},    {"Layers", 2},          {"Tokens", 2},
    {"Context", 2},     {"Sequences", 2},    {"Optimization", 2},    {"Learning", 2},
    {"Retrieval", 1},   {"Mechanisms", 1},   {"Architectures", 2},   {"Caching", 1},
    {"Routing", 1},     {"Tuning", 1},       {"Factorization", 1},   {"Decomposition", 1},
    {"Search", 1},      {"Merging", 1},      {"Alignment", 1},       {"Evaluation", 1},
    {"Analysis", 1},    {"Acceleration", 2}, {"Parallelism", 1},     {"Scheduling", 1},
    {"Offloading", 1},  {"Hashing", 1},      {"Tickets", 1},         {"Adapters", 1},
    {"Prompts", 1},     {"Embeddings", 1},   {"Heads", 1},           {"Reasoning", 1},
    {"Memory", 1},      {"Efficiency", 2},   {"Throughput", 1},      {"Latency", 1},
    {"Recurrence", 1},  {"Convolutions", 1}, {"Mixers", 1},          {"Gates", 1},
    {"Bottlenecks", 1}, {"LLMs", 3},
};

static const word connectors[] = {
    {"for", 12},   {"with", 7}, {"via", 6},   {"of", 7},      {"in", 5},
    {"and", 4},    {"to", 2},   {"on", 2},    {"without", 1}, {"through", 1},
    {"beyond", 1}, {"from", 1}, {"under", 1}, {"at", 1},
};

static const word leads[] = {
    {"Towards", 3},      {"Rethinking", 2},   {"Revisiting", 2},    {"Understanding", 2},
    {"Scaling", 2},      {"Accelerating", 2}, {"Compressing", 2},   {"Learning", 2},
    {"Improving", 2},    {"Training", 1},     {"Exploring", 1},     {"Unlocking", 1},
    {"Taming", 1},       {"Boosting", 1},     {"Democratizing", 1}, {"Simplifying", 1},
    {"Benchmarking", 1},
};

static const word name_heads[] = {
    {"Flash", 4}, {"Sparse", 3}, {"Lo", 2},     {"Long", 3},   {"Quant", 2},   {"Fast", 3},
    {"Mega", 2},  {"Hyper", 2},  {"Turbo", 2},  {"Tiny", 2},   {"Deep", 2},    {"Mono", 1},
    {"Poly", 1},  {"Retro", 1},  {"Nano", 2},   {"Omni", 2},   {"Hyena", 2},   {"Mamba", 2},
    {"Orca", 1},  {"Falcon", 1}, {"Llama", 2},  {"Bit", 2},    {"Token", 2},   {"Skip", 1},
    {"Lite", 1},  {"Slim", 2},   {"Shift", 1},  {"Medusa", 1}, {"Eagle", 1},   {"Zip", 1},
    {"Spec", 1},  {"Prune", 1},  {"Distil", 1}, {"Smooth", 1}, {"Gated", 1},   {"Linear", 2},
    {"Luna", 1},  {"Sky", 1},    {"Star", 1},   {"Ring", 1},   {"Block", 1},   {"Paged", 1},
    {"Chunk", 1}, {"Stream", 1}, {"Infini", 1}, {"Hydra", 1},  {"Squeeze", 1}, {"Delta", 1},
    {"Vec", 1},   {"Mix", 1},    {"Blitz", 1},  {"Swift", 1},  {"Echo", 1},    {"Nova", 1},
    {"Atlas", 1}, {"Kite", 1},   {"Ada", 1},    {"Meta", 1},   {"Uni", 1},     {"Cross", 1},
    {"Dense", 1}, {"Soft", 1},   {"Wave", 1},   {"Ret", 1},    {"Perf", 1},
};

static const word name_tails[] = {
    {"LoRA", 4},   {"GPT", 4},   {"Former", 4}, {"Attn", 3},  {"Net", 2},    {"Quant", 3},
    {"BERT", 2},   {"Mixer", 2}, {"Prune", 1},  {"Cache", 2}, {"KV", 2},     {"Spec", 1},
    {"Train", 1},  {"MoE", 2},   {"LM", 3},     {"Serve", 1}, {"Fuse", 1},   {"Infer", 1},
    {"Decode", 1}, {"Tune", 1},  {"Mem", 1},    {"Scale", 1}, {"Gate", 1},   {"Shift", 1},
    {"Bit", 1},    {"Tok", 1},   {"Llama", 1},  {"ViT", 2},   {"Diff", 1},   {"RNN", 1},
    {"SSM", 1},    {"Hash", 1},  {"Route", 1},  {"Zip", 1},   {"Vision", 1},
};

static const word name_suffixes[] = {
    {"", 70},     {"-X", 5},  {"-2", 5},   {"++", 4}, {"v2", 4},
    {"-Lite", 3}, {"-7B", 3}, {"-MoE", 2}, {"-3", 2}, {"-Pro", 2},
};

static const word venues[] = {
    {"NeurIPS", 10}, {"ICLR", 10}, {"ICML", 9},  {"ACL", 6},   {"EMNLP", 6},       {"NAACL", 3},
    {"AAAI", 4},     {"CVPR", 4},  {"ICCV", 2},  {"ECCV", 2},  {"IJCAI", 2},       {"COLING", 2},
    {"MLSys", 2},    {"KDD", 1},   {"TMLR", 1},  {"COLM", 1},  {"EACL", 1},        {"UAI", 1},
    {"AISTATS", 1},  {"ISCA", 1},  {"MICRO", 1}, {"OSDI", 1},  {"SOSP", 1},        {"SC", 1},
    {"TACL", 1},     {"JMLR", 1},  {"WWW", 1},   {"SIGIR", 1}, {"INTERSPEECH", 1}, {"ICASSP", 1},
};

static const word tags[] = {
    {"linear attention", 4},
    {"sparse attention", 3},
    {"lora", 4},
    {"quantization", 4},
    {"pruning", 3},
    {"distillation", 2},
    {"moe", 2},
    {"kv cache", 2},
    {"speculative decoding", 2},
    {"long context", 3},
    {"state space", 2},
    {"rnn", 1},
    {"cnn", 1},
    {"flash attention", 1},
    {"low-rank", 2},
    {"adapter", 1},
    {"prompt tuning", 1},
    {"serving", 2},
    {"offloading", 1},
    {"parallelism", 1},
    {"compression", 2},
    {"efficient training", 2},
    {"mixed precision", 1},
    {"4-bit", 1},
    {"8-bit", 1},
    {"binarization", 1},
    {"token pruning", 1},
    {"early exit", 1},
    {"retrieval", 1},
    {"memory", 1},
    {"benchmark", 1},
    {"survey", 1},
    {"hardware", 1},
    {"kernel", 1},
    {"compiler", 1},
    {"edge", 1},
    {"vision", 1},
    {"multimodal", 1},
    {"encoder-decoder", 1},
    {"decoder-only", 1},
    {"gau", 1},
    {"sliding window", 1},
};

static const word orgs[] = {
    {"Google", 6},
    {"Google DeepMind", 3},
    {"Meta AI", 5},
    {"Microsoft", 5},
    {"OpenAI", 2},
    {"Anthropic", 1},
    {"NVIDIA", 3},
    {"Apple", 1},
    {"Amazon", 2},
    {"IBM", 1},
    {"Intel", 1},
    {"Baidu", 1},
    {"Alibaba", 2},
    {"Tencent", 1},
    {"ByteDance", 1},
    {"Huawei", 2},
    {"Samsung", 1},
    {"Qualcomm", 1},
    {"Stanford", 4},
    {"MIT", 3},
    {"CMU", 3},
    {"Berkeley", 3},
    {"Princeton", 2},
    {"Harvard", 1},
    {"Cornell", 1},
    {"UW", 2},
    {"UWM", 1},
    {"UCLA", 1},
    {"UCSD", 1},
    {"UIUC", 1},
    {"NYU", 1},
    {"Columbia", 1},
    {"Oxford", 1},
    {"Cambridge", 1},
    {"ETH Zurich", 2},
    {"EPFL", 1},
    {"Mila", 1},
    {"Toronto", 1},
    {"Vector Institute", 1},
    {"THU", 3},
    {"PKU", 2},
    {"SJTU", 1},
    {"ZJU", 1},
    {"Fudan", 1},
    {"USTC", 1},
    {"HKU", 1},
    {"HKUST", 1},
    {"CUHK", 1},
    {"NUS", 1},
    {"NTU", 1},
    {"KAIST", 1},
    {"SNU", 1},
    {"Allen AI", 1},
    {"Hugging Face", 1},
    {"Together AI", 1},
    {"Mistral AI", 1},
    {"Cohere", 1},
    {"EleutherAI", 1},
    {"Blink", 1},
    {"MBZUAI", 1},
    {"Max Planck", 1},
    {"Inria", 1},
    {"TU Munich", 1},
    {"Edinburgh", 1},
    {"UCL", 1},
};

static const word surnames[] = {
    {"Wang", 5},     {"Li", 5},      {"Zhang", 5},         {"Liu", 4},     {"Chen", 4},
    {"Yang", 3},     {"Huang", 2},   {"Zhao", 2},          {"Wu", 2},      {"Zhou", 2},
    {"Smith", 2},    {"Johnson", 1}, {"Brown", 1},         {"Garcia", 1},  {"Miller", 1},
    {"Davis", 1},    {"Kim", 3},     {"Lee", 3},           {"Park", 2},    {"Nguyen", 1},
    {"Tran", 1},     {"Gupta", 2},   {"Sharma", 1},        {"Patel", 1},   {"Singh", 1},
    {"Kumar", 1},    {"Müller", 1},  {"Schmidt", 1},       {"Dubois", 1},  {"Rossi", 1},
    {"Ivanov", 1},   {"Tanaka", 1},  {"Suzuki", 1},        {"Sato", 1},    {"Dao", 1},
    {"Ré", 1},       {"Hu", 2},      {"Shen", 1},          {"Xu", 2},      {"Sun", 1},
    {"Ma", 1},       {"Gu", 1},      {"Katharopoulos", 1}, {"Vaswani", 1}, {"Touvron", 1},
    {"Dettmers", 1}, {"Frantar", 1}, {"Alistarh", 1},      {"Tay", 1},     {"Choromanski", 1},
    {"Peng", 1},     {"Beltagy", 1}, {"Kitaev", 1},        {"Zaheer", 1},  {"Child", 1},
    {"Fedus", 1},
};

static const word note_verbs[] = {
    {"Reduces", 3}, {"Improves", 3}, {"Speeds up", 2}, {"Revisits", 1},
    {"Extends", 2}, {"Replaces", 1}, {"Combines", 1},  {"Approximates", 1},
    {"Removes", 1}, {"Analyses", 1}, {"Scales", 1},
};

static const word note_tails[] = {
    {"with no loss in accuracy", 3}, {"on a single GPU", 2},       {"at 7B scale", 2},
    {"for long sequences", 2},       {"without retraining", 2},    {"in linear time", 2},
    {"with a fused kernel", 1},      {"on commodity hardware", 1}, {"by 4x", 2},
    {"by an order of magnitude", 1}, {"across model sizes", 1},    {"at inference time", 2},
    {"during pretraining", 1},       {"with open-source code", 1},
};

typedef struct vocab {
    bag adj, mod, head, conn, lead, nhead, ntail, nsuffix, venue, tag, org, surname, nverb,
        ntail_note;
} vocab;

static void bag_init(bag *b, const word *w, size_t n)
{
    uint32_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i].weight;
    b->words = w;
    b->nslots = total;
    b->slots = malloc(total * sizeof *b->slots);
    if (!b->slots) {
        fputs("paperdeck-gen: out of memory\n", stderr);
        abort();
    }
    uint32_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (uint16_t j = 0; j < w[i].weight; j++)
            b->slots[k++] = (uint16_t)i;
}

static uint32_t bag_index(const bag *b, rng *r)
{
    return b->slots[rng_below(r, b->nslots)];
}

static const char *bag_pick(const bag *b, rng *r)
{
    return b->words[bag_index(b, r)].w;
}

#define BAG(v, f, arr) bag_init(&(v)->f, arr, COUNT(arr))

static void vocab_init(vocab *v)
{
    BAG(v, adj, adjectives);
    BAG(v, mod, modifiers);
    BAG(v, head, heads);
    BAG(v, conn, connectors);
    BAG(v, lead, leads);
    BAG(v, nhead, name_heads);
    BAG(v, ntail, name_tails);
    BAG(v, nsuffix, name_suffixes);
    BAG(v, venue, venues);
    BAG(v, tag, tags);
    BAG(v, org, orgs);
    BAG(v, surname, surnames);
    BAG(v, nverb, note_verbs);
    BAG(v, ntail_note, note_tails);
}

static void vocab_free(vocab *v)
{
    bag *all[] = {&v->adj,   &v->mod,     &v->head,    &v->conn,      &v->lead,
                  &v->nhead, &v->ntail,   &v->nsuffix, &v->venue,     &v->tag,
                  &v->org,   &v->surname, &v->nverb,   &v->ntail_note};
    for (size_t i = 0; i < COUNT(all); i++)
        free(all[i]->slots);
}

/* --- a small string builder over a fixed buffer --------------------------- */

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (n > b->cap - b->n - 1)
        n = b->cap - b->n - 1; /* never happens with our sizes; stay in bounds */
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_char(sbuf *b, char c)
{
    sb_add(b, &c, 1);
}

static void sb_indent(sbuf *b, int n)
{
    static const char spaces[] = "                                ";
    sb_add(b, spaces, (size_t)n < sizeof spaces - 1 ? (size_t)n : sizeof spaces - 1);
}

/* Unsigned decimal, zero-padded to width digits. */
static void sb_uint(sbuf *b, uint32_t v, int width)
{
    char tmp[16];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && n < (int)sizeof tmp);
    while (n < width && n < (int)sizeof tmp)
        tmp[n++] = '0';
    while (n > 0)
        sb_char(b, tmp[--n]);
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* Appends w in lower case for a sentence, unless it is an acronym-like word
 * with more than one capital (KV, LLMs, LoRA). */
static void sb_lower_word(sbuf *b, const char *w)
{
    int caps = 0;
    for (const char *p = w; *p; p++)
        caps += is_upper(*p);
    for (const char *p = w; *p; p++)
        sb_char(b, caps < 2 && is_upper(*p) ? (char)(*p - 'A' + 'a') : *p);
}

/* --- titles ---------------------------------------------------------------- */

/* An invented method name: "FlashLoRA", "Hyena-X", "SpQR", "SparseGPT". */
static void gen_name(sbuf *b, const vocab *v, rng *r)
{
    uint32_t form = rng_below(r, 100);
    if (form < 55) {
        sb_str(b, bag_pick(&v->nhead, r));
        sb_str(b, bag_pick(&v->ntail, r));
    } else if (form < 78) {
        uint32_t len = 3 + rng_below(r, 3);
        for (uint32_t i = 0; i < len; i++) {
            char c = (char)('A' + rng_below(r, 26));
            if (i > 0 && i + 1 < len && rng_pct(r, 12))
                c = (char)(c - 'A' + 'a');
            sb_char(b, c);
        }
    } else {
        const char *h;
        do /* a bare name reads well only when it is a word: Mamba, Hyena */
            h = bag_pick(&v->nhead, r);
        while (strlen(h) < 4);
        sb_str(b, h);
    }
    sb_str(b, bag_pick(&v->nsuffix, r));
}

/* Picks from b, avoiding prev (a word twice in a row reads wrong). */
static const char *pick_other(const bag *b, rng *r, const char *prev)
{
    const char *w = bag_pick(b, r);
    for (int tries = 0; prev && strcmp(w, prev) == 0 && tries < 4; tries++)
        w = bag_pick(b, r);
    return w;
}

/* A noun phrase of exactly len words: adjectives, noun modifiers, then a
 * head noun. */
static void gen_phrase(sbuf *b, const vocab *v, rng *r, uint32_t len)
{
    uint32_t nadj = len > 1 ? rng_below(r, len < 3 ? len : 3) : 0;
    const char *prev = NULL;
    for (uint32_t i = 0; i + 1 < len; i++) {
        prev = pick_other(i < nadj ? &v->adj : &v->mod, r, prev);
        sb_str(b, prev);
        sb_char(b, ' ');
    }
    sb_str(b, pick_other(&v->head, r, prev));
}

/* 5-15 words; about 35% start with "Name:" (the name counts as a word). */
static void gen_title(sbuf *b, const vocab *v, rng *r)
{
    uint32_t target = 5 + rng_below(r, 11), words = 0;
    if (rng_pct(r, 35)) {
        gen_name(b, v, r);
        sb_str(b, ": ");
        words++;
    }
    if (rng_pct(r, 18)) {
        sb_str(b, bag_pick(&v->lead, r));
        sb_char(b, ' ');
        words++;
    }
    for (;;) {
        uint32_t left = target - words;
        uint32_t len = 1 + rng_below(r, left < 4 ? left : 4);
        if (left - len == 1)
            len++; /* a connector needs a phrase after it */
        gen_phrase(b, v, r, len);
        words += len;
        if (words >= target)
            break;
        sb_char(b, ' ');
        sb_str(b, bag_pick(&v->conn, r));
        sb_char(b, ' ');
        words++;
    }
}

/* Titles already written, by a hash of their lower-case bytes: the loader
 * warns about a title twice in a section, and a real list has none. */
typedef struct title_set {
    uint64_t *slots; /* 0 = empty */
    size_t mask;
} title_set;

static void title_set_init(title_set *t, uint32_t n)
{
    size_t size = 1024;
    while (size < 2 * (size_t)n)
        size *= 2;
    t->slots = calloc(size, sizeof *t->slots);
    if (!t->slots) {
        fputs("paperdeck-gen: out of memory\n", stderr);
        abort();
    }
    t->mask = size - 1;
}

/* Adds the title; false when it was there already. */
static bool title_set_add(title_set *t, const char *s, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32 : c)) * 0x100000001B3ull;
    }
    h += !h;
    for (size_t i = h & t->mask;; i = (i + 1) & t->mask) {
        if (t->slots[i] == h)
            return false;
        if (!t->slots[i]) {
            t->slots[i] = h;
            return true;
        }
    }
}

/* --- entries --------------------------------------------------------------- */

static void gen_arxiv(sbuf *b, uint64_t k, uint32_t offset, uint32_t *year)
{
    uint32_t id = (uint32_t)((k * ARXIV_STRIDE + offset) % ARXIV_SPACE);
    uint32_t month = id / ARXIV_NUMBERS, number = id % ARXIV_NUMBERS + 1;
    *year = 2015 + month / 12;
    sb_uint(b, 15 + month / 12, 2);
    sb_uint(b, 1 + month % 12, 2);
    sb_char(b, '.');
    sb_uint(b, number, 5);
}

static void gen_slug(sbuf *b, rng *r, uint32_t len)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (uint32_t i = 0; i < len; i++)
        sb_char(b, chars[rng_below(r, sizeof chars - 1)]);
}

static void field(sbuf *b, int ind, const char *key)
{
    sb_indent(b, ind);
    sb_str(b, key);
    sb_str(b, ": ");
}

/* One entry; k is its number in the whole list (unique arXiv ids). The title
 * goes to title as well, for the plain titles file. */
static void gen_entry(sbuf *b, sbuf *title, title_set *seen, const vocab *v, rng *r, uint64_t k,
                      uint32_t arxiv_offset, int ind)
{
    do {
        title->n = 0;
        gen_title(title, v, r);
    } while (!title_set_add(seen, title->p, title->n));
    sb_indent(b, ind - 2);
    sb_str(b, "- title: \"");
    sb_add(b, title->p, title->n);
    sb_str(b, "\"\n");

    uint32_t kind = rng_below(r, 100), year = 0;
    if (kind >= 94) {
        field(b, ind, "kind");
        sb_str(b, kind >= 98 ? "project\n" : "blog\n");
        field(b, ind, "url");
        sb_str(b, kind >= 98 ? "https://github.com/" : "https://blog.example.org/");
        gen_slug(b, r, 6 + rng_below(r, 6));
        sb_char(b, '/');
        gen_slug(b, r, 8 + rng_below(r, 10));
        sb_char(b, '\n');
    } else if (rng_pct(r, 90)) {
        /* The venue is written first, as in the real lists, but its year
         * follows the arXiv month: compute the id into a side buffer. */
        char idbuf[16];
        sbuf id = {idbuf, 0, sizeof idbuf};
        gen_arxiv(&id, k, arxiv_offset, &year);
        if (rng_pct(r, 64)) {
            uint32_t vy = year + rng_below(r, 2);
            field(b, ind, "venue");
            sb_str(b, bag_pick(&v->venue, r));
            sb_char(b, ' ');
            sb_uint(b, vy > 2025 ? 2025 : vy, 4);
            sb_char(b, '\n');
        }
        field(b, ind, "arxiv");
        sb_char(b, '"');
        sb_add(b, id.p, id.n);
        sb_str(b, "\"\n");
    } else if (rng_pct(r, 64)) {
        field(b, ind, "venue");
        sb_str(b, bag_pick(&v->venue, r));
        sb_char(b, ' ');
        sb_uint(b, 2015 + rng_below(r, 11), 4);
        sb_char(b, '\n');
    }

    if (rng_pct(r, 15)) {
        sb_indent(b, ind);
        sb_str(b, "links:\n");
        sb_indent(b, ind + 2);
        sb_str(b, "- label: code\n");
        sb_indent(b, ind + 4);
        sb_str(b, "url: https://github.com/");
        gen_slug(b, r, 5 + rng_below(r, 8));
        sb_char(b, '/');
        gen_slug(b, r, 5 + rng_below(r, 10));
        sb_char(b, '\n');
    }
    if (rng_pct(r, 65)) {
        uint32_t n = 1 + rng_below(r, 5);
        field(b, ind, "authors");
        sb_char(b, '[');
        for (uint32_t i = 0; i < n; i++) {
            if (i)
                sb_str(b, ", ");
            sb_char(b, (char)('A' + rng_below(r, 26)));
            sb_str(b, ". ");
            sb_str(b, bag_pick(&v->surname, r));
        }
        sb_str(b, "]\n");
    }
    if (rng_pct(r, 80)) {
        field(b, ind, "org");
        sb_str(b, bag_pick(&v->org, r));
        sb_char(b, '\n');
    }
    {
        uint32_t n = 1 + rng_below(r, 3), picked[3];
        field(b, ind, "tags");
        sb_char(b, '[');
        for (uint32_t i = 0; i < n; i++) {
            uint32_t t = bag_index(&v->tag, r);
            bool dup = false;
            for (uint32_t j = 0; j < i; j++)
                dup |= picked[j] == t;
            picked[i] = t;
            if (dup)
                continue;
            if (i)
                sb_str(b, ", ");
            sb_str(b, tags[t].w);
        }
        sb_str(b, "]\n");
    }
    if (rng_pct(r, 36)) {
        field(b, ind, "notes");
        sb_char(b, '"');
        sb_str(b, bag_pick(&v->nverb, r));
        sb_char(b, ' ');
        sb_str(b, rng_pct(r, 50) ? "the cost of " : "");
        const char *m = bag_pick(&v->mod, r);
        sb_lower_word(b, m);
        sb_char(b, ' ');
        sb_lower_word(b, pick_other(&v->head, r, m));
        sb_char(b, ' ');
        sb_str(b, bag_pick(&v->ntail_note, r));
        sb_str(b, ".\"\n");
    }
}

/* --- sections -------------------------------------------------------------- */

typedef struct section_spec {
    int depth;
    const char *name;
    uint32_t weight; /* 0 for sections that only hold sub-sections */
} section_spec;

static const section_spec sections[] = {
    {0, "Architecture", 10},
    {0, "Attention", 0},
    {1, "Linear", 8},
    {1, "Sparse", 6},
    {1, "Memory-Efficient", 4},
    {0, "Quantization", 0},
    {1, "Weight-Only", 6},
    {1, "Weight and Activation", 4},
    {1, "KV Cache", 3},
    {0, "Pruning", 8},
    {0, "Distillation", 5},
    {0, "Adaptation", 8},
    {0, "Inference", 0},
    {1, "Speculative Decoding", 4},
    {1, "Serving", 5},
    {1, "Offloading", 2},
    {0, "Training", 7},
    {0, "Long Context", 6},
    {0, "Systems and Hardware", 5},
    {0, "Surveys and Benchmarks", 3},
};

/* Entries per leaf section: proportional to the weights, the remainder to
 * the first leaves. */
static void section_counts(uint32_t n, uint32_t *counts)
{
    uint64_t total = 0, given = 0;
    for (size_t i = 0; i < COUNT(sections); i++)
        total += sections[i].weight;
    for (size_t i = 0; i < COUNT(sections); i++) {
        counts[i] = (uint32_t)(n * (uint64_t)sections[i].weight / total);
        given += counts[i];
    }
    for (size_t i = 0; given < n; i = (i + 1) % COUNT(sections)) {
        if (sections[i].weight) {
            counts[i]++;
            given++;
        }
    }
}

/* --- main ------------------------------------------------------------------ */

static int usage(void)
{
    fputs("usage: paperdeck-gen N OUT.yaml [TITLES.txt] [--seed S]\n"
          "Writes a deterministic synthetic list of N entries (at most 10000000).\n",
          stderr);
    return 2;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-')
        return false;
    *out = v;
    return true;
}

static int write_list(FILE *out, FILE *titles, uint32_t n, uint64_t seed)
{
    vocab v;
    vocab_init(&v);
    rng r = {seed};
    rng id_rng = {seed ^ 0xA5A5A5A5DEADBEEFull};
    uint32_t arxiv_offset = (uint32_t)(rng_next(&id_rng) % ARXIV_SPACE);
    uint32_t counts[COUNT(sections)];
    section_counts(n, counts);
    title_set seen;
    title_set_init(&seen, n);

    char ebuf[4096], tbuf[1024];
    sbuf e = {ebuf, 0, sizeof ebuf}, t = {tbuf, 0, sizeof tbuf};
    fprintf(out,
            "# Synthetic list for paperdeck benchmarks: %u entries, seed %llu.\n"
            "# Written by paperdeck-gen (bench/gen.c); do not edit.\n"
            "paperdeck: 1\n"
            "title: Synthetic %u\n"
            "description: Generated titles, venues and arXiv ids for benchmarks\n"
            "sections:\n",
            n, (unsigned long long)seed, n);
    uint64_t k = 0;
    for (size_t s = 0; s < COUNT(sections); s++) {
        int ind = 2 + 4 * sections[s].depth;
        e.n = 0;
        sb_indent(&e, ind);
        sb_str(&e, "- name: ");
        sb_str(&e, sections[s].name);
        sb_char(&e, '\n');
        if (!sections[s].weight) {
            sb_indent(&e, ind + 2);
            sb_str(&e, "sections:\n");
        } else if (counts[s]) {
            sb_indent(&e, ind + 2);
            sb_str(&e, "entries:\n");
        }
        fwrite(e.p, 1, e.n, out);
        for (uint32_t i = 0; i < counts[s]; i++, k++) {
            e.n = 0;
            gen_entry(&e, &t, &seen, &v, &r, k, arxiv_offset, ind + 6);
            fwrite(e.p, 1, e.n, out);
            if (titles) {
                sb_char(&t, '\n');
                fwrite(t.p, 1, t.n, titles);
            }
        }
    }
    vocab_free(&v);
    free(seen.slots);
    return 0;
}

static int close_file(FILE *f, const char *path)
{
    if (ferror(f) | (fclose(f) != 0)) {
        fprintf(stderr, "paperdeck-gen: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *pos[3] = {NULL, NULL, NULL};
    int npos = 0;
    uint64_t seed = 1, n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0) {
            if (i + 1 >= argc || !parse_u64(argv[++i], &seed))
                return usage();
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage();
            return 0;
        } else if (npos < 3 && argv[i][0] != '-') {
            pos[npos++] = argv[i];
        } else {
            return usage();
        }
    }
    if (npos < 2 || !parse_u64(pos[0], &n) || n > GEN_MAX_ENTRIES)
        return usage();

    static char obuf[1 << 20], tbuf[1 << 18];
    FILE *out = fopen(pos[1], "w");
    if (!out) {
        fprintf(stderr, "paperdeck-gen: cannot create %s: %s\n", pos[1], strerror(errno));
        return 1;
    }
    setvbuf(out, obuf, _IOFBF, sizeof obuf);
    FILE *titles = NULL;
    if (pos[2]) {
        titles = fopen(pos[2], "w");
        if (!titles) {
            fprintf(stderr, "paperdeck-gen: cannot create %s: %s\n", pos[2], strerror(errno));
            fclose(out);
            return 1;
        }
        setvbuf(titles, tbuf, _IOFBF, sizeof tbuf);
    }
    write_list(out, titles, (uint32_t)n, seed);
    int rc = close_file(out, pos[1]);
    if (titles)
        rc |= close_file(titles, pos[2]);
    return rc ? 1 : 0;
}
