// Static inline shims over ICU's C API.
//
// ICU renames every public function with a version suffix through macros
// (unorm2_normalize is really unorm2_normalize_72). Swift cannot see through
// those macros, so each function Winnow uses is wrapped here: the macro expands
// inside C and Swift calls a stable, version-free name. Nothing else lives here.
#ifndef WINNOW_CICU_SHIM_H
#define WINNOW_CICU_SHIM_H

#include <unicode/utypes.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ubrk.h>
#include <unicode/uregex.h>
#include <unicode/uspoof.h>
#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>
#include <unicode/utext.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>

// MARK: errors
static inline const char *cicu_errorName(UErrorCode code) { return u_errorName(code); }
static inline int cicu_failure(UErrorCode code) { return U_FAILURE(code) ? 1 : 0; }

// MARK: normalisation
static inline const UNormalizer2 *cicu_nfc(UErrorCode *e) { return unorm2_getNFCInstance(e); }
static inline const UNormalizer2 *cicu_nfd(UErrorCode *e) { return unorm2_getNFDInstance(e); }
static inline const UNormalizer2 *cicu_nfkc(UErrorCode *e) { return unorm2_getNFKCInstance(e); }
static inline const UNormalizer2 *cicu_nfkcCasefold(UErrorCode *e) { return unorm2_getNFKCCasefoldInstance(e); }
static inline int32_t cicu_normalize(const UNormalizer2 *n, const UChar *src, int32_t len,
                                     UChar *dest, int32_t cap, UErrorCode *e) {
    return unorm2_normalize(n, src, len, dest, cap, e);
}
static inline int cicu_quickCheckYes(const UNormalizer2 *n, const UChar *s, int32_t len, UErrorCode *e) {
    return unorm2_quickCheck(n, s, len, e) == UNORM_YES ? 1 : 0;
}
/// 1 when `c` alone is "quick check yes" for the form (0 NFC, 1 NFD, 2 NFKC) with combining class 0, read
/// from the character properties (much cheaper than normalizer calls when building a table of all of them).
static inline int cicu_isStableByProperty(UChar32 c, int form) {
    UProperty property = form == 0 ? UCHAR_NFC_QUICK_CHECK : form == 1 ? UCHAR_NFD_QUICK_CHECK : UCHAR_NFKC_QUICK_CHECK;
    return u_getIntPropertyValue(c, property) == UNORM_YES && u_getCombiningClass(c) == 0 ? 1 : 0;
}
static inline uint8_t cicu_combiningClass(const UNormalizer2 *n, UChar32 c) {
    return unorm2_getCombiningClass(n, c);
}

// MARK: case folding
/// Writes the code point ranges of Changes_When_Casemapped into `ranges` as start, end pairs and returns how
/// many ranges there are, or -1 when ICU fails or more than `capacity` ranges would be needed. (Every
/// character with a case folding is case-mapped; Changes_When_Casefolded, defined on NFD, misses "ΐ".)
static inline int32_t cicu_casemappedRanges(UChar32 *ranges, int32_t capacity, UErrorCode *e) {
    USet *set = uset_openEmpty();
    uset_applyIntPropertyValue(set, UCHAR_CHANGES_WHEN_CASEMAPPED, 1, e);
    int32_t count = U_FAILURE(*e) ? -1 : uset_getItemCount(set);
    if (count > capacity) count = -1;
    for (int32_t i = 0; i < count; i++) {
        UChar32 start, end;
        if (uset_getItem(set, i, &start, &end, NULL, 0, e) != 0 || U_FAILURE(*e)) { count = -1; break; }
        ranges[2 * i] = start;
        ranges[2 * i + 1] = end;
    }
    uset_close(set);
    return count;
}
/// Full case folding (the default mapping, as case-insensitive regexes use it).
static inline int32_t cicu_foldCase(const UChar *src, int32_t len, UChar *dest, int32_t cap, UErrorCode *e) {
    return u_strFoldCase(dest, cap, src, len, U_FOLD_CASE_DEFAULT, e);
}

// MARK: sentence breaking
static inline UBreakIterator *cicu_openSentenceBreaker(const char *locale, UErrorCode *e) {
    return ubrk_open(UBRK_SENTENCE, locale, NULL, 0, e);
}
static inline void cicu_setBreakerText(UBreakIterator *b, const UChar *s, int32_t len, UErrorCode *e) {
    ubrk_setText(b, s, len, e);
}
static inline int32_t cicu_breakFirst(UBreakIterator *b) { return ubrk_first(b); }
static inline int32_t cicu_breakNext(UBreakIterator *b) { return ubrk_next(b); }
static inline void cicu_closeBreaker(UBreakIterator *b) { ubrk_close(b); }
/// The Sentence_Break class (UAX #29) of `c`: 0 Other, 1 ATerm, 2 STerm, 3 Close, 4 Sp, 5 Sep, CR or LF,
/// 6 Extend or Format, 7 Upper, 8 Lower, 9 OLetter, 10 Numeric, 11 SContinue.
static inline int cicu_sentenceBreakClass(UChar32 c) {
    switch (u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK)) {
    case U_SB_ATERM: return 1;
    case U_SB_STERM: return 2;
    case U_SB_CLOSE: return 3;
    case U_SB_SP: return 4;
    case U_SB_SEP: case U_SB_CR: case U_SB_LF: return 5;
    case U_SB_EXTEND: case U_SB_FORMAT: return 6;
    case U_SB_UPPER: return 7;
    case U_SB_LOWER: return 8;
    case U_SB_OLETTER: return 9;
    case U_SB_NUMERIC: return 10;
    case U_SB_SCONTINUE: return 11;
    default: return 0;
    }
}

static inline int32_t cicu_breakDone(void) { return UBRK_DONE; }

// MARK: regular expressions
static inline URegularExpression *cicu_openRegex(const UChar *pattern, int32_t len, uint32_t flags,
                                                 UParseError *pe, UErrorCode *e) {
    return uregex_open(pattern, len, flags, pe, e);
}
static inline void cicu_closeRegex(URegularExpression *r) { uregex_close(r); }
static inline URegularExpression *cicu_cloneRegex(const URegularExpression *r, UErrorCode *e) { return uregex_clone(r, e); }
static inline void cicu_setRegexText(URegularExpression *r, const UChar *s, int32_t len, UErrorCode *e) {
    uregex_setText(r, s, len, e);
}
static inline int cicu_regexFindNext(URegularExpression *r, UErrorCode *e) { return uregex_findNext(r, e) ? 1 : 0; }
static inline int64_t cicu_regexStart(URegularExpression *r, int32_t group, UErrorCode *e) {
    return uregex_start64(r, group, e);
}
static inline int64_t cicu_regexEnd(URegularExpression *r, int32_t group, UErrorCode *e) {
    return uregex_end64(r, group, e);
}
static inline int32_t cicu_regexGroupCount(URegularExpression *r, UErrorCode *e) { return uregex_groupCount(r, e); }
static inline int32_t cicu_regexGroupNumber(URegularExpression *r, const char *name, UErrorCode *e) {
    return uregex_groupNumberFromCName(r, name, -1, e);
}
static inline void cicu_regexSetTimeLimit(URegularExpression *r, int32_t limit, UErrorCode *e) {
    uregex_setTimeLimit(r, limit, e);
}
static inline uint32_t cicu_regexCaseInsensitive(void) { return UREGEX_CASE_INSENSITIVE; }
static inline int cicu_isRegexTimeout(UErrorCode e) { return e == U_REGEX_TIME_OUT ? 1 : 0; }
/// ICU's backtracking stack is full (a long line and a pattern that remembers a position per character).
static inline int cicu_isRegexStackOverflow(UErrorCode e) { return e == U_REGEX_STACK_OVERFLOW ? 1 : 0; }

// MARK: confusables
static inline USpoofChecker *cicu_openSpoofChecker(UErrorCode *e) {
    USpoofChecker *sc = uspoof_open(e);
    if (U_SUCCESS(*e)) uspoof_setChecks(sc, USPOOF_CONFUSABLE, e);
    return sc;
}
static inline void cicu_closeSpoofChecker(USpoofChecker *sc) { uspoof_close(sc); }
static inline int32_t cicu_skeleton(const USpoofChecker *sc, const UChar *s, int32_t len,
                                    UChar *dest, int32_t cap, UErrorCode *e) {
    return uspoof_getSkeleton(sc, 0, s, len, dest, cap, e);
}

// MARK: charsets
static inline UCharsetDetector *cicu_openDetector(UErrorCode *e) { return ucsdet_open(e); }
static inline void cicu_closeDetector(UCharsetDetector *d) { ucsdet_close(d); }
static inline const char *cicu_detect(UCharsetDetector *d, const char *bytes, int32_t len,
                                      int32_t *confidence, UErrorCode *e) {
    ucsdet_setText(d, bytes, len, e);
    const UCharsetMatch *m = ucsdet_detect(d, e);
    if (U_FAILURE(*e) || m == NULL) return NULL;
    *confidence = ucsdet_getConfidence(m, e);
    return ucsdet_getName(m, e);
}
static inline UConverter *cicu_openConverter(const char *name, UErrorCode *e) { return ucnv_open(name, e); }
static inline void cicu_closeConverter(UConverter *c) { ucnv_close(c); }
static inline int32_t cicu_toUChars(UConverter *c, UChar *dest, int32_t cap, const char *src, int32_t len,
                                    UErrorCode *e) {
    return ucnv_toUChars(c, dest, cap, src, len, e);
}
static inline int32_t cicu_fromUChars(UConverter *c, char *dest, int32_t cap, const UChar *src, int32_t len,
                                      UErrorCode *e) {
    return ucnv_fromUChars(c, dest, cap, src, len, e);
}

#endif
