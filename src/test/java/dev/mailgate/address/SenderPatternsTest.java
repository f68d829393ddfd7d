package dev.mailgate.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one sender matcher: API keys, accounts and the relay all use it (see the path tests named in each case). */
class SenderPatternsTest {

    private static final SenderPatterns DOMAIN = SenderPatterns.of(List.of("*@example.com"));
    private static final SenderPatterns EXACT = SenderPatterns.of(List.of("bot@qq.com"));

    @ParameterizedTest
    @ValueSource(strings = { "x@example.com", "X@EXAMPLE.COM", "first.last+tag@Example.Com" })
    void aDomainPatternMatchesEveryAddressOfThatDomainInAnyCase(String address) {
        assertTrue(DOMAIN.matches(address), address);
    }

    @ParameterizedTest
    @ValueSource(strings = { "x@badexample.com", "x@example.com.evil", "x@mail.example.com", "x@example.co",
            "x@xexample.com", "example.com", "x@", "@example.com", "x@example.com@evil.test", "" })
    void aDomainPatternMatchesNoLookAlike(String address) {
        assertFalse(DOMAIN.matches(address), address);
    }

    @Test
    void anExactPatternMatchesThatAddressInAnyCaseAndNothingElse() {
        assertTrue(EXACT.matches("bot@qq.com"));
        assertTrue(EXACT.matches("BOT@QQ.COM"));
        assertTrue(EXACT.matches(MailboxAddress.parse("机器人 <Bot@qq.com>").value()));
        assertFalse(EXACT.matches("bot@qq.com.evil"));
        assertFalse(EXACT.matches("xbot@qq.com"));
        assertFalse(EXACT.matches("bot@qq.co"));
        assertFalse(EXACT.matches("bot2@qq.com"));
    }

    @Test
    void patternsAreCaseInsensitiveToo() {
        assertTrue(SenderPatterns.of(List.of("*@Example.COM")).matches("x@example.com"));
        assertTrue(SenderPatterns.of(List.of("  Bot@QQ.com ")).matches("bot@qq.com"));
    }

    @Test
    void anIdnDomainIsComparedInItsPunycodeForm() {
        SenderPatterns unicode = SenderPatterns.of(List.of("*@bücher.example"));
        assertTrue(unicode.matches("x@xn--bcher-kva.example"));
        assertTrue(unicode.matches("x@XN--BCHER-KVA.example"));
        assertFalse(unicode.matches("x@bucher.example"));
        SenderPatterns punycode = SenderPatterns.of(List.of("*@xn--bcher-kva.example"));
        assertTrue(punycode.matches("x@bücher.example"), "the same domain, written in Unicode");
        assertTrue(SenderPatterns.of(List.of("ops@例子.测试")).matches("ops@xn--fsqu00a.xn--0zwm56d"));
        assertEquals(Optional.of("ops@xn--bcher-kva.example"), SenderPatterns.normalise("OPS@Bücher.Example"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "example.com", "@example.com", "*example.com", "*.example.com", "*@*.example.com",
            "*@", "*@example", "a b@example.com", "" })
    void anEntryThatIsNeitherAnAddressNorStarAtDomainIsRefusedAndMatchesNothing(String entry) {
        assertTrue(SenderPatterns.problem(entry).isPresent(), entry);
        SenderPatterns p = SenderPatterns.of(List.of(entry));
        assertTrue(p.isEmpty(), entry);
        assertFalse(p.matches("x@example.com"), entry);
    }

    @Test
    void aBareDomainSaysHowToWriteADomainPattern() {
        assertTrue(SenderPatterns.problem("example.com").orElseThrow().contains("*@example.com"));
        assertEquals(List.of("mailgate.auth.keys.ci.senders entry 2 is neither an address nor *@domain (for a whole"
                + " domain write *@example.com)"),
                SenderPatterns.problems("mailgate.auth.keys.ci.senders", List.of("ok@example.com", "example.com")));
    }

    @Test
    void anInvalidEntryNeverWidensWhatIsAllowed() {
        SenderPatterns mixed = SenderPatterns.of(List.of("example.com", "*@ok.test"));
        assertTrue(mixed.matches("a@ok.test"));
        assertFalse(mixed.matches("a@example.com"));
        assertFalse(SenderPatterns.none().matches("a@ok.test"));
    }

    @Test
    void displayNameFormsNameTheirAddress() {
        assertTrue(SenderPatterns.of(List.of("Bot <bot@qq.com>")).matches("bot@qq.com"));
        assertTrue(SenderPatterns.problem("Bot <bot@qq.com>").isEmpty());
        SenderPatterns team = SenderPatterns.of(List.of("Team <*@qq.com>"));
        assertTrue(team.matches("anyone@qq.com"), "a domain pattern with a display name is still the domain");
        assertFalse(team.matches("anyone@badqq.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "*@straße.de", "ops@straße.de", "*@ελλάς.gr", "*@a\u200db.example" })
    void aNameIdna2003AndIdna2008MapDifferentlyIsRefused(String entry) {
        assertTrue(SenderPatterns.problem(entry).isPresent(), entry);
        assertFalse(SenderPatterns.of(List.of(entry)).matches("a@strasse.de"), entry);
    }

    @Test
    void twoInvalidAddressesAreNotTheSame() {
        assertTrue(SenderPatterns.normalise("not an address").isEmpty());
        assertFalse(MailboxAddress.parse("a@example.com").value().sameMailbox(MailboxAddress.parse("b@example.com").value()));
    }
}
