/* The ICU floor: NFC (with the quick check that skips text already normalised) and sentence breaking over
 * the same JSONL text fields winnow cleans, and nothing else. Built and run by scripts/bench. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

int main(int argc, char **argv) {
    FILE *in = fopen(argv[1], "rb");
    if (!in) { perror(argv[1]); return 2; }
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "vi", NULL, 0, &e);
    if (U_FAILURE(e)) { fprintf(stderr, "%s\n", u_errorName(e)); return 2; }
    size_t cap = 1 << 20, ucap = 1 << 20;
    char *line = malloc(cap);
    UChar *u = malloc(ucap * sizeof(UChar)), *n = malloc(ucap * sizeof(UChar));
    long sentences = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) > 0) {
        if ((size_t)len * 2 + 16 > ucap) {
            ucap = (size_t)len * 2 + 16;
            u = realloc(u, ucap * sizeof(UChar));
            n = realloc(n, ucap * sizeof(UChar));
        }
        int32_t ulen = 0;
        e = U_ZERO_ERROR;
        u_strFromUTF8(u, (int32_t)ucap, &ulen, line, (int32_t)len, &e);
        int32_t span = unorm2_spanQuickCheckYes(nfc, u, ulen, &e);
        UChar *text = u;
        int32_t tlen = ulen;
        if (span < ulen) {
            tlen = unorm2_normalize(nfc, u, ulen, n, (int32_t)ucap, &e);
            text = n;
        }
        ubrk_setText(bi, text, tlen, &e);
        for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi)) sentences++;
    }
    printf("%ld\n", sentences);
    return 0;
}
