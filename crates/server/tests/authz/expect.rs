//! The rule table: what each standing may do. Anonymous callers and suspended members (whose
//! sessions were revoked) are refused everywhere with `unauthorized` (signing out excepted).
//! Not in the table: sign-up, sign-in and the waitlist's reservation and sign-up, which are
//! for people without an account (their refusals are in `api_errors`, `waitlist`, `reports`).

use super::actions::Action;
use super::standing::{refused, Outcome, Standing};

/// Turns "allowed" into a refusal with `code`: for calls whose permission passes but whose
/// payload is then refused.
trait OrCode {
    fn or_code(self, code: &str) -> Outcome;
}

impl OrCode for Outcome {
    fn or_code(self, code: &str) -> Outcome {
        match self {
            Outcome::Allowed => refused(code),
            refusal => refusal,
        }
    }
}

/// What `s` doing `action` must come to.
pub fn expected(action: Action, s: Standing) -> Outcome {
    use Action as A;
    use Standing::*;
    // Signing out needs no live session: it only clears the caller's cookie (idempotent).
    if action == A::Logout {
        return Outcome::Allowed;
    }
    if !s.signed_in() {
        return refused("unauthorized");
    }
    let allow = |yes: bool, otherwise: &str| {
        if yes {
            Outcome::Allowed
        } else {
            refused(otherwise)
        }
    };
    // A room command from someone outside the room.
    let outside_room = refused("not_in_room");
    match action {
        // Anyone signed in manages their own profile, graph, invites and notifications.
        A::UpdateProfile
        | A::Follow
        | A::Unfollow
        | A::Block
        | A::Unblock
        | A::UploadAvatar
        | A::RemoveAvatar
        | A::MarkNotificationsRead
        | A::CreateInvite
        | A::CreateRoom
        | A::JoinRoom
        | A::CreateClub
        | A::ScheduleEvent
        | A::NotifyMe
        | A::StopNotifyingMe
        | A::ResetCalendarFeed
        | A::Logout
        | A::Report => Outcome::Allowed,
        // Another member's invite is not yours to revoke (and not revealed).
        A::RevokeMembersInvite => allow(s == Member, "not_found"),
        // Only a member the waitlisted person named may wave them in.
        A::WaveIn => allow(s == Member, "forbidden"),
        // Media: anyone in the room may offer (the server then refuses a malformed SDP).
        A::Offer => allow(s.in_room(), "not_in_room").or_code("bad_offer"),
        // Site administration.
        A::GrantInvites | A::ResolveReport | A::Suspend | A::Unsuspend => {
            allow(s == SiteAdmin, "forbidden")
        }
        // Room settings over REST: moderators; pings: anyone in an open room (the room's
        // outsiders are told they are not in it).
        A::ChangeRoomKind => allow(s == Moderator, "forbidden"),
        A::Ping => allow(s.in_room(), "not_in_room"),
        // Room commands.
        A::RaiseHand | A::LowerHand => match s {
            Audience => Outcome::Allowed,
            Speaker | Moderator => refused("invalid_state"),
            _ => outside_room,
        },
        A::AcceptSpeakInvite | A::DeclineSpeakInvite => match s {
            Audience | Speaker | Moderator => refused("invalid_state"),
            _ => outside_room,
        },
        A::SetMuted => match s {
            Speaker | Moderator => Outcome::Allowed,
            Audience => refused("invalid_state"),
            _ => outside_room,
        },
        A::React | A::LeaveRoom => allow(s.in_room(), "not_in_room"),
        A::InviteToSpeak
        | A::MoveToAudience
        | A::Mute
        | A::Remove
        | A::MakeModerator
        | A::PinLink
        | A::UnpinLink => match s {
            Moderator => Outcome::Allowed,
            Audience | Speaker => refused("forbidden"),
            _ => outside_room,
        },
        // Clubs: admins and the founder manage; leaders also start and schedule club rooms.
        A::UpdateClub
        | A::UploadClubIcon
        | A::ApproveJoinRequest
        | A::DeclineJoinRequest
        | A::SetClubRole
        | A::RemoveClubMember => allow(matches!(s, ClubAdmin | ClubFounder), "forbidden"),
        A::StartClubRoom | A::ScheduleClubEvent => allow(s.in_club(), "forbidden"),
        // Joining and leaving are idempotent (PUT/DELETE of one's membership): joining again
        // or leaving a club one is not in changes nothing and succeeds. Only the founder may
        // not leave.
        A::JoinClub => Outcome::Allowed,
        A::LeaveClub => allow(s != ClubFounder, "invalid_state"),
        // A club event: its hosts (the founder here) and the club's admins.
        A::EditEvent | A::CancelEvent | A::StartEvent => {
            allow(matches!(s, ClubAdmin | ClubFounder), "forbidden")
        }
    }
}
