import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES, MAX_CASE_BODY } from '../../../../shared/contracts/cases.js';
import {
  automaticMail,
  BODY_CUT_MARK,
  bouncedMessageIds,
  bounceReason,
  EMPTY_BODY,
  fitAttachments,
  inboundAddress,
  mailBody,
  mailSubject,
  messageIds,
  replySubject,
  replyText,
  subjectReferences,
} from './mail.js';

describe('inbound addresses', () => {
  it('read the slug and an optional type tag, lower-cased', () => {
    expect(inboundAddress('seaside@mail.example', 'mail.example')).toEqual({
      slug: 'seaside',
      type: 'question',
    });
    expect(inboundAddress('Seaside+Complaint@MAIL.example', 'mail.example')).toEqual({
      slug: 'seaside',
      type: 'complaint',
    });
    expect(inboundAddress('seaside+newsletter@mail.example', 'mail.example')).toEqual({
      slug: 'seaside',
      type: 'question',
    });
  });

  it('are nobody’s in another domain, and any domain counts when none is set', () => {
    expect(inboundAddress('seaside@other.example', 'mail.example')).toBeNull();
    expect(inboundAddress('seaside@other.example', null)).toEqual({ slug: 'seaside', type: 'question' });
    expect(inboundAddress('no-at-sign', null)).toBeNull();
    expect(inboundAddress('@mail.example', null)).toBeNull();
    expect(inboundAddress('+praise@mail.example', null)).toBeNull();
  });
});

describe('Message-IDs and references', () => {
  it('take ids out of headers without brackets, each once', () => {
    expect(messageIds('<a@x>')).toEqual(['a@x']);
    expect(messageIds('<a@x>  <b@y>\r\n <a@x>')).toEqual(['a@x', 'b@y']);
    expect(messageIds(['<a@x>', '<c@z>'])).toEqual(['a@x', 'c@z']);
    expect(messageIds('bare@id')).toEqual(['bare@id']);
    expect(messageIds('some words')).toEqual([]);
    expect(messageIds(undefined)).toEqual([]);
  });

  it('find case references in a subject', () => {
    expect(subjectReferences('Re: Cold shower [C-000123]')).toEqual(['C-000123']);
    expect(subjectReferences('AW: [ c-000123 ] and [C-1234567] [C-000123]')).toEqual([
      'C-000123',
      'C-1234567',
    ]);
    expect(subjectReferences('C-000123 without brackets')).toEqual([]);
  });
});

describe('bodies, subjects and attachments', () => {
  it('keeps a body as given, says when there was none, and cuts one too long saying so', () => {
    expect(mailBody('  <b>as</b> given\r\n\n')).toBe('  <b>as</b> given');
    expect(mailBody(' \n ')).toBe(EMPTY_BODY);
    expect(mailBody(null)).toBe(EMPTY_BODY);
    const long = mailBody('x'.repeat(MAX_CASE_BODY + 10));
    expect(long).toHaveLength(MAX_CASE_BODY);
    expect(long.endsWith(BODY_CUT_MARK)).toBe(true);
  });

  it('collapses a subject and cuts it at 200 characters', () => {
    expect(mailSubject('  Cold\r\n   shower ')).toBe('Cold shower');
    expect(mailSubject('   ')).toBeNull();
    expect(mailSubject('y'.repeat(300))).toHaveLength(200);
  });

  it('keeps attachments within the limits, in order, and counts the rest', () => {
    const { kept, leftOff } = fitAttachments(
      [
        { fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: 100 },
        {
          fileName: 'huge.bin',
          contentType: 'application/octet-stream',
          sizeBytes: MAX_ATTACHMENT_BYTES + 1,
        },
        { fileName: null, contentType: 'not a type', sizeBytes: 50 },
        { fileName: 'over.png', contentType: 'image/png', sizeBytes: 900 },
      ],
      200,
    );
    expect(kept).toEqual([
      { fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: 100 },
      { fileName: 'attachment', contentType: 'application/octet-stream', sizeBytes: 50 },
    ]);
    expect(leftOff).toBe(2);
    const many = Array.from({ length: 25 }, () => ({
      fileName: 'f',
      contentType: 'text/plain',
      sizeBytes: 1,
    }));
    expect(fitAttachments(many, 1000)).toMatchObject({ leftOff: 5 });
  });
});

describe('the reply template', () => {
  it('answers the case’s subject with its reference at the end, once', () => {
    expect(replySubject('Cold shower', 'C-000123')).toBe('Re: Cold shower [C-000123]');
    expect(replySubject('Re: RE: Fwd: Cold shower [C-000123]', 'C-000123')).toBe(
      'Re: Cold shower [C-000123]',
    );
    expect(replySubject('  ', 'C-000001')).toBe('Re: Your message [C-000001]');
  });

  it('greets, quotes the reply as written and ends with the business and the reference', () => {
    const text = replyText({
      customerName: 'Anna Lee',
      body: 'We are sorry.\n\nA new room is ready.\n\n',
      business: 'Seaside Hotel',
      reference: 'C-000123',
    });
    expect(text).toBe(
      [
        'Hello Anna Lee,',
        '',
        'We are sorry.',
        '',
        'A new room is ready.',
        '',
        '-- ',
        'Seaside Hotel · case C-000123',
        'Reply to this e-mail to add to your case; please keep [C-000123] in the subject.',
        '',
      ].join('\n'),
    );
    expect(replyText({ customerName: null, body: 'Hi', business: 'B', reference: 'C-1' })).toMatch(
      /^Hello,\n/,
    );
  });
});

describe('automaticMail', () => {
  const person = {
    nullReturnPath: false,
    fromAddress: 'anna@customer.example',
    contentType: 'text/plain; charset=utf-8',
    headers: {},
    subject: 'The shower is cold',
  };
  it('takes a person’s mail for a person’s', () => {
    expect(automaticMail(person)).toBeNull();
    expect(automaticMail({ ...person, headers: { 'auto-submitted': 'no' } })).toBeNull();
    expect(automaticMail({ ...person, subject: 'Re: out of office hours, the bar was closed' })).toBeNull();
  });
  it('knows delivery reports by their type, their null return path or their sender', () => {
    expect(
      automaticMail({ ...person, contentType: 'multipart/report; report-type=delivery-status; boundary=x' }),
    ).toBe('bounce');
    expect(automaticMail({ ...person, nullReturnPath: true })).toBe('bounce');
    expect(automaticMail({ ...person, fromAddress: 'MAILER-DAEMON@mx.example' })).toBe('bounce');
  });
  it('knows auto-replies by Auto-Submitted, X-Autoreply, Precedence or an out-of-office subject', () => {
    expect(automaticMail({ ...person, headers: { 'auto-submitted': 'auto-replied' } })).toBe('auto_reply');
    expect(automaticMail({ ...person, headers: { 'x-autoreply': 'yes' } })).toBe('auto_reply');
    expect(automaticMail({ ...person, headers: { precedence: 'bulk' } })).toBe('auto_reply');
    expect(automaticMail({ ...person, subject: 'Automatic reply: Re: your stay' })).toBe('auto_reply');
    expect(automaticMail({ ...person, subject: 'Out of Office' })).toBe('auto_reply');
  });
});

describe('bouncedMessageIds and bounceReason', () => {
  const report = [
    'Reporting-MTA: dns; mx.customer.example',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
    '',
    'Message-ID: <r1@mail.rapport.test>',
    'message-id: <r1@mail.rapport.test>',
  ].join('\n');
  it('finds the failed mail’s Message-ID in the returned headers, after the thread’s own', () => {
    expect(bouncedMessageIds(report, ['t0@mail.rapport.test'])).toEqual([
      't0@mail.rapport.test',
      'r1@mail.rapport.test',
    ]);
    expect(bouncedMessageIds('no headers here', [])).toEqual([]);
  });
  it('says why from the diagnostic code, else the status, else the first line', () => {
    expect(bounceReason(report)).toBe('bounced: 550 5.1.1 User unknown');
    expect(bounceReason('Status: 4.4.7\nDelayed')).toBe('bounced: 4.4.7');
    expect(bounceReason('\n  Your message could not be delivered.\nMore')).toBe(
      'bounced: Your message could not be delivered.',
    );
  });
});
