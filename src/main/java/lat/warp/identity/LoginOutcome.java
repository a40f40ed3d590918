package lat.warp.identity;

import lat.warp.shared.UserId;

/** Where a login attempt stands after one step. */
public sealed interface LoginOutcome {

    /** Fully logged in. */
    record Authenticated(User user) implements LoginOutcome {
    }

    /** Password accepted; a TOTP code is still needed. */
    record SecondFactorRequired(UserId user) implements LoginOutcome {
    }

    /** Password accepted; two-factor is mandatory and the user must enrol first. */
    record EnrolmentRequired(UserId user) implements LoginOutcome {
    }

    /** Refused; the reason is shown to the user in general terms only. */
    record Refused(Reason reason) implements LoginOutcome {
    }

    enum Reason {
        /** Wrong e-mail or password, unknown, disabled or locked account: one message for all, to reveal nothing. */
        BAD_CREDENTIALS,
        /** Too many attempts from this address: wait. */
        THROTTLED,
        /** The TOTP code is wrong or expired. */
        BAD_CODE,
        /** The TOTP code was already used. */
        REPLAYED_CODE,
        /** The login took too long between its steps. */
        EXPIRED
    }
}
