<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>AccountForm</name>
    <message>
        <source>Stored in the system keyring</source>
        <translation>システムのキーリングに保存済み</translation>
    </message>
    <message>
        <source>Stored in the system keyring; type to replace it</source>
        <translation>システムのキーリングに保存済み（入力すると置き換えます）</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>Account name</source>
        <translation>アカウント名</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>サーバー(&amp;S):</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>サーバーアドレス</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>ユーザー(&amp;U):</translation>
    </message>
    <message>
        <source>User name or extension</source>
        <translation>ユーザー名または内線番号</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>パスワード(&amp;P):</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>&amp;Domain:</source>
        <translation>ドメイン(&amp;D):</translation>
    </message>
    <message>
        <source>SIP domain</source>
        <translation>SIPドメイン</translation>
    </message>
    <message>
        <source>&amp;Authentication user:</source>
        <translation>認証ユーザー(&amp;A):</translation>
    </message>
    <message>
        <source>Authentication user</source>
        <translation>認証ユーザー</translation>
    </message>
    <message>
        <source>Displa&amp;y name:</source>
        <translation>表示名(&amp;Y):</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>表示名</translation>
    </message>
    <message>
        <source>&amp;Transport:</source>
        <translation>トランスポート(&amp;T):</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>トランスポート</translation>
    </message>
    <message>
        <source>ST&amp;UN server:</source>
        <translation>STUNサーバー(&amp;U):</translation>
    </message>
    <message>
        <source>STUN server</source>
        <translation>STUNサーバー</translation>
    </message>
    <message>
        <source>Media &amp;encryption (SRTP):</source>
        <translation>メディアの暗号化 (SRTP)(&amp;E):</translation>
    </message>
    <message>
        <source>Media encryption</source>
        <translation>メディアの暗号化</translation>
    </message>
    <message>
        <source>TURN ser&amp;ver:</source>
        <translation>TURNサーバー(&amp;V):</translation>
    </message>
    <message>
        <source>TURN server</source>
        <translation>TURNサーバー</translation>
    </message>
    <message>
        <source>TURN transport</source>
        <translation>TURNのトランスポート</translation>
    </message>
    <message>
        <source>TURN transp&amp;ort:</source>
        <translation>TURNのトランスポート(&amp;O):</translation>
    </message>
    <message>
        <source>TURN user:</source>
        <translation>TURNユーザー:</translation>
    </message>
    <message>
        <source>TURN user name</source>
        <translation>TURNのユーザー名</translation>
    </message>
    <message>
        <source>TURN password:</source>
        <translation>TURNパスワード:</translation>
    </message>
    <message>
        <source>TURN password</source>
        <translation>TURNパスワード</translation>
    </message>
    <message>
        <source>&amp;Keep-alive interval:</source>
        <translation>キープアライブ間隔(&amp;K):</translation>
    </message>
    <message>
        <source>Keep-alive interval in seconds</source>
        <translation>キープアライブ間隔（秒）</translation>
    </message>
    <message>
        <source>For example: work (default: user@server)</source>
        <translation>例: work（既定: user@server）</translation>
    </message>
    <message>
        <source>pbx.example.com or pbx.example.com:5061</source>
        <translation>pbx.example.com または pbx.example.com:5061</translation>
    </message>
    <message>
        <source>For example: 1001</source>
        <translation>例: 1001</translation>
    </message>
    <message>
        <source>Default: the server&apos;s host</source>
        <translation>既定: サーバーのホスト</translation>
    </message>
    <message>
        <source>Only if it differs from the user</source>
        <translation>ユーザーと異なる場合のみ</translation>
    </message>
    <message>
        <source>Shown to the people you call</source>
        <translation>通話相手に表示されます</translation>
    </message>
    <message>
        <source>Optional, for example stun.example.com</source>
        <translation>任意（例: stun.example.com）</translation>
    </message>
    <message>
        <source>Optional, for example turn.example.com (relays calls a router blocks)</source>
        <translation>任意。例: turn.example.com（ルーターが通さない通話を中継します）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>How often a small packet keeps your router&apos;s connection to the server open (UDP). 0 turns it off.</source>
        <translation>ルーターとサーバーの間の接続を保つため、小さなパケットを送る間隔です（UDP）。0 でオフになります。</translation>
    </message>
    <message>
        <source>Use &amp;ICE (helps calls through NAT routers; always on with a STUN or TURN server)</source>
        <translation>ICEを使う(&amp;I)（NATルーター越しの通話を助けます。STUN または TURN サーバーがあれば常にオン）</translation>
    </message>
    <message>
        <source>Use ICE</source>
        <translation>ICEを使用する</translation>
    </message>
    <message>
        <source>&amp;Register with the server to receive calls</source>
        <translation>サーバーに登録して着信を受ける(&amp;R)</translation>
    </message>
    <message>
        <source>Register with the server</source>
        <translation>サーバーに登録する</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <source>Your phone system account</source>
        <translation>電話システムのアカウント</translation>
    </message>
    <message>
        <source>Your administrator or provider gives you these details. The password is kept in the system keyring, never in a file.</source>
        <translation>これらの情報は管理者またはプロバイダーから提供されます。パスワードはシステムのキーリングに保存され、ファイルには保存されません。</translation>
    </message>
</context>
<context>
    <name>AudioDevices</name>
    <message>
        <source>(unnamed device)</source>
        <translation>（名前のないデバイス）</translation>
    </message>
    <message>
        <source>(no device)</source>
        <translation>（デバイスなし）</translation>
    </message>
</context>
<context>
    <name>BoardMonitoring</name>
    <message>
        <source>{name} has no SIP address in the team directory: ask the administrator to add one.</source>
        <translation>{name} にはチームの名簿に SIP アドレスがありません。管理者に追加を依頼してください。</translation>
    </message>
    <message>
        <source>Listening to {name}&apos;s call.</source>
        <translation>{name} の通話をモニターしています。</translation>
    </message>
    <message>
        <source>Whispering to {name}; the caller does not hear you.</source>
        <translation>{name} にささやいています。発信者には聞こえません。</translation>
    </message>
    <message>
        <source>You have joined {name}&apos;s call.</source>
        <translation>{name} の通話に参加しました。</translation>
    </message>
    <message>
        <source>Listening in is switched off for this deployment.</source>
        <translation>この環境では通話モニターが無効になっています。</translation>
    </message>
    <message>
        <source>The centre refused: the call has ended or is not your team&apos;s.</source>
        <translation>中央が拒否しました。通話が終了したか、あなたのチームの通話ではありません。</translation>
    </message>
    <message>
        <source>The call to the agent could not be placed: {detail}</source>
        <translation>担当者への発信ができませんでした: {detail}</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Failing</source>
        <translation>失敗中</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>{state} ({reason})</source>
        <translation>{state}（{reason}）</translation>
    </message>
    <message>
        <source>{state}, stale since {time}</source>
        <translation>{state}（{time} から応答なし）</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>エージェント</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Time in state</source>
        <translation>状態の経過時間</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>通話</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Caller&apos;s language</source>
        <translation>発信者の言語</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>登録</translation>
    </message>
    <message>
        <source>Call quality</source>
        <translation>通話品質</translation>
    </message>
    <message>
        <source>Poor (MOS {mos})</source>
        <translation>不良（MOS {mos}）</translation>
    </message>
    <message>
        <source>MOS {mos}</source>
        <translation>MOS {mos}</translation>
    </message>
    <message>
        <source>Loss {loss}, jitter {jitter}, round trip {rtt}</source>
        <translation>損失 {loss}、ジッター {jitter}、往復遅延 {rtt}</translation>
    </message>
    <message>
        <source>Calling {name}…</source>
        <translation>{name} に発信中…</translation>
    </message>
    <message>
        <source>Listen in</source>
        <translation>モニター</translation>
    </message>
    <message>
        <source>Hear the call; neither the agent nor the caller hears you. The agent sees that you listen.</source>
        <translation>通話を聞きます。担当者にも発信者にもあなたの声は聞こえません。担当者にはモニター中であることが表示されます。</translation>
    </message>
    <message>
        <source>Whisper</source>
        <translation>ささやき</translation>
    </message>
    <message>
        <source>Speak to the agent only; the caller does not hear you.</source>
        <translation>担当者にだけ話します。発信者には聞こえません。</translation>
    </message>
    <message>
        <source>Join call</source>
        <translation>通話に参加</translation>
    </message>
    <message>
        <source>Join the call: the agent and the caller both hear you.</source>
        <translation>通話に参加します。担当者と発信者の両方にあなたの声が聞こえます。</translation>
    </message>
    <message>
        <source>Only a team leader may see the live board.</source>
        <translation>ライブボードを見られるのはチームリーダーだけです。</translation>
    </message>
    <message>
        <source>The central database cannot be reached; the board shows what it last knew and reconnects by itself.</source>
        <translation>中央データベースに接続できません。ボードは最後に分かった状態を表示し、自動的に再接続します。</translation>
    </message>
    <message>
        <source>Available: {n}</source>
        <translation>受付可: {n}</translation>
    </message>
    <message>
        <source>On a call: {n}</source>
        <translation>通話中: {n}</translation>
    </message>
    <message>
        <source>Wrap-up: {n}</source>
        <translation>後処理: {n}</translation>
    </message>
    <message>
        <source>Break: {n}</source>
        <translation>休憩: {n}</translation>
    </message>
    <message>
        <source>Stale: {n}</source>
        <translation>応答なし: {n}</translation>
    </message>
    <message>
        <source>Longest call: –</source>
        <translation>最長通話: –</translation>
    </message>
    <message>
        <source>Longest call: {time}</source>
        <translation>最長通話: {time}</translation>
    </message>
</context>
<context>
    <name>CallActions</name>
    <message>
        <source>&amp;Answer</source>
        <translation>応答(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>拒否(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Hang up</source>
        <translation>切断(&amp;H)</translation>
    </message>
    <message>
        <source>Answer or hang up</source>
        <translation>応答／切断</translation>
    </message>
    <message>
        <source>H&amp;old</source>
        <translation>保留(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Mute</source>
        <translation>ミュート(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Keypad</source>
        <translation>ダイヤルパッド(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Transfer…</source>
        <translation>転送(&amp;T)…</translation>
    </message>
    <message>
        <source>Complete trans&amp;fer</source>
        <translation>転送を完了(&amp;F)</translation>
    </message>
    <message>
        <source>Co&amp;nsult…</source>
        <translation>相談(&amp;N)…</translation>
    </message>
    <message>
        <source>Back to ca&amp;ller</source>
        <translation>お客様に戻る(&amp;L)</translation>
    </message>
    <message>
        <source>Con&amp;ference</source>
        <translation>会議通話(&amp;F)</translation>
    </message>
    <message>
        <source>Lea&amp;ve conference</source>
        <translation>会議通話から退出(&amp;V)</translation>
    </message>
    <message>
        <source>Hang up the consulted party</source>
        <translation>相談相手の通話を切断</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>録音(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Dial…</source>
        <translation>発信(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Find SR…</source>
        <translation>SRを検索(&amp;F)…</translation>
    </message>
    <message>
        <source>Call &amp;history</source>
        <translation>通話履歴(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>キーボードショートカット(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Available</source>
        <translation>受付可(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Break</source>
        <translation>休憩(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Offline</source>
        <translation>オフライン(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>CallCenter</name>
    <message>
        <source>The phone could not start: {address} is already in use by another program, perhaps another CaseLine or softphone. Close it, or choose another SIP port in Settings.</source>
        <translation>電話を開始できませんでした: {address} は別のプログラム（別の CaseLine やソフトフォンなど）が使用中です。そのプログラムを閉じるか、設定で別の SIP ポートを選んでください。</translation>
    </message>
    <message>
        <source>The phone could not start: {address} is not an address of this computer. Choose another listening address in Settings.</source>
        <translation>電話を開始できませんでした: {address} はこのコンピューターのアドレスではありません。設定で別の待ち受けアドレスを選んでください。</translation>
    </message>
    <message>
        <source>The phone could not open its SIP connection ({detail}).</source>
        <translation>電話の SIP 接続を開けませんでした（{detail}）。</translation>
    </message>
    <message>
        <source>The phone could not start: its engine stopped at once (exit code {code}). The log file says why.</source>
        <translation>電話を開始できませんでした: エンジンがすぐに停止しました（終了コード {code}）。理由はログファイルに記録されています。</translation>
    </message>
    <message>
        <source>The phone could not start: its engine did not answer.</source>
        <translation>電話を開始できませんでした: エンジンが応答しませんでした。</translation>
    </message>
    <message>
        <source>The phone could not start: {detail}</source>
        <translation>電話を開始できませんでした: {detail}</translation>
    </message>
    <message>
        <source>That call has already ended.</source>
        <translation>その通話はすでに終了しています。</translation>
    </message>
    <message>
        <source>The call is no longer ringing.</source>
        <translation>この着信の呼び出しはすでに終了しています。</translation>
    </message>
    <message>
        <source>The call is not connected.</source>
        <translation>通話が接続されていません。</translation>
    </message>
    <message>
        <source>You already have the most calls this phone can hold.</source>
        <translation>この電話で扱える通話数の上限に達しています。</translation>
    </message>
    <message>
        <source>The phone is not running.</source>
        <translation>電話機能が起動していません。</translation>
    </message>
    <message>
        <source>The phone restarted; please try again.</source>
        <translation>電話機能が再起動しました。もう一度お試しください。</translation>
    </message>
    <message>
        <source>The call could not be placed.</source>
        <translation>発信できませんでした。</translation>
    </message>
    <message>
        <source>The call could not be put on hold.</source>
        <translation>通話を保留にできませんでした。</translation>
    </message>
    <message>
        <source>The call could not be resumed.</source>
        <translation>保留を解除できませんでした。</translation>
    </message>
    <message>
        <source>The transfer could not be started.</source>
        <translation>転送を開始できませんでした。</translation>
    </message>
    <message>
        <source>You are already consulting someone about this call.</source>
        <translation>この通話については既に相談中です。</translation>
    </message>
    <message>
        <source>That consultation has already ended.</source>
        <translation>その相談通話は既に終了しています。</translation>
    </message>
    <message>
        <source>The transfer is under way; wait for it to finish.</source>
        <translation>転送の処理中です。完了するまでお待ちください。</translation>
    </message>
    <message>
        <source>That conference has already ended.</source>
        <translation>その会議通話はすでに終了しています。</translation>
    </message>
    <message>
        <source>The keypad tones could not be sent.</source>
        <translation>トーン信号を送信できませんでした。</translation>
    </message>
    <message>
        <source>Only 0-9, *, # and A-D can be sent as tones.</source>
        <translation>トーン信号として送信できるのは 0-9、*、#、A-D のみです。</translation>
    </message>
    <message>
        <source>That phone account does not exist.</source>
        <translation>その電話アカウントは存在しません。</translation>
    </message>
    <message>
        <source>This version of CaseLine can reach a TURN server over UDP only: choose UDP as the TURN transport in Settings, Accounts.</source>
        <translation>このバージョンの CaseLine が TURN サーバーに接続できるのは UDP だけです。［設定］の［アカウント］で TURN のトランスポートに UDP を選んでください。</translation>
    </message>
    <message>
        <source>Type a number or address to call.</source>
        <translation>発信先の番号またはアドレスを入力してください。</translation>
    </message>
    <message>
        <source>That number is too long.</source>
        <translation>番号が長すぎます。</translation>
    </message>
    <message>
        <source>That is not a phone number or SIP address.</source>
        <translation>電話番号またはSIPアドレスとして認識できません。</translation>
    </message>
    <message>
        <source>That SIP address is not valid.</source>
        <translation>SIPアドレスが正しくありません。</translation>
    </message>
    <message>
        <source>Add a phone account, or dial a full SIP address (sip:user@host).</source>
        <translation>電話アカウントを追加するか、完全なSIPアドレス（sip:user@host）で発信してください。</translation>
    </message>
    <message>
        <source>Finish the call first.</source>
        <translation>先に通話を終了してください。</translation>
    </message>
    <message>
        <source>That break reason is not configured.</source>
        <translation>その休憩理由は設定されていません。</translation>
    </message>
    <message>
        <source>The call could not be recorded: the recording file could not be written.</source>
        <translation>通話を録音できません。録音ファイルを書き込めませんでした。</translation>
    </message>
    <message>
        <source>Call recording is turned off for this phone.</source>
        <translation>この電話では通話録音が無効になっています。</translation>
    </message>
    <message>
        <source>Every call is recorded on this phone; the recording cannot be stopped.</source>
        <translation>この電話ではすべての通話が録音されます。録音は停止できません。</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>エラーが発生しました: {detail}</translation>
    </message>
    <message>
        <source>This call is not being recorded: {reason} Trying again in {seconds} s.</source>
        <translation>この通話は録音されていません: {reason} {seconds} 秒後に再試行します。</translation>
    </message>
    <message>
        <source>The call could not start: the TURN server refused the TURN user name or password. Check them in Settings, Accounts.</source>
        <translation>通話を開始できませんでした。TURNサーバーが TURN のユーザー名またはパスワードを受け付けませんでした。［設定］の［アカウント］で確認してください。</translation>
    </message>
    <message>
        <source>The call could not start: the TURN server does not answer. Check its address in Settings, Accounts, and your network.</source>
        <translation>通話を開始できませんでした。TURNサーバーが応答しません。［設定］の［アカウント］でアドレスを、またネットワークを確認してください。</translation>
    </message>
    <message>
        <source>The call could not start: the TURN server refused to relay it.</source>
        <translation>通話を開始できませんでした。TURNサーバーが中継を拒否しました。</translation>
    </message>
    <message>
        <source>The call&apos;s audio could not be set up.</source>
        <translation>通話の音声を確立できませんでした。</translation>
    </message>
    <message>
        <source>{target} did not answer. You are back with the caller.</source>
        <translation>{target} が応答しませんでした。お客様との通話に戻りました。</translation>
    </message>
    <message>
        <source>{target} hung up before the transfer. You are back with the caller.</source>
        <translation>転送の前に {target} が電話を切りました。お客様との通話に戻りました。</translation>
    </message>
    <message>
        <source>The caller&apos;s phone did not take the transfer to {target} ({code}). You are back with the caller.</source>
        <translation>お客様の電話が {target} への転送を受け付けませんでした ({code})。お客様との通話に戻りました。</translation>
    </message>
    <message>
        <source>The caller hung up while waiting on hold.</source>
        <translation>保留中にお客様が電話を切りました。</translation>
    </message>
    <message>
        <source>The transfer to {target} did not go through. You are back with the caller.</source>
        <translation>{target} への転送はできませんでした。お客様との通話に戻りました。</translation>
    </message>
    <message>
        <source>The caller&apos;s phone did not take the hand-over to {party} ({code}). This PC keeps them connected; your microphone and speaker are off. Hang up to end their call.</source>
        <translation>発信者の電話が {party} への引き継ぎを受け付けませんでした ({code})。この PC が両者をつないだままにします。あなたのマイクとスピーカーはオフです。通話を終えるには切断してください。</translation>
    </message>
    <message>
        <source>You left the conference: the caller and {party} talk on without you.</source>
        <translation>会議通話から退出しました。発信者と {party} はあなた抜きで通話を続けます。</translation>
    </message>
    <message>
        <source>{party} left the conference. You are on a call with the caller again.</source>
        <translation>{party} が会議通話から退出しました。発信者との通話に戻りました。</translation>
    </message>
    <message>
        <source>The caller left the conference.</source>
        <translation>発信者が会議通話から退出しました。</translation>
    </message>
    <message>
        <source>{target} could not be reached ({code}).</source>
        <translation>{target} に接続できませんでした ({code})。</translation>
    </message>
    <message>
        <source>{target} could not be reached.</source>
        <translation>{target} に接続できませんでした。</translation>
    </message>
    <message>
        <source>The call to {target} failed ({code}).</source>
        <translation>{target} への発信に失敗しました ({code})。</translation>
    </message>
    <message>
        <source>The call to {target} could not be placed.</source>
        <translation>{target} へ発信できませんでした。</translation>
    </message>
    <message>
        <source>The transfer to {target} failed ({code}).</source>
        <translation>{target}への転送に失敗しました（{code}）。</translation>
    </message>
    <message>
        <source>The call is being recorded now.</source>
        <translation>通話の録音を開始しました。</translation>
    </message>
    <message>
        <source>The phone engine stopped; restarting…</source>
        <translation>電話エンジンが停止しました。再起動しています…</translation>
    </message>
    <message>
        <source>The phone is stopped.</source>
        <translation>電話機能は停止しています。</translation>
    </message>
    <message>
        <source>{account}: {state}. Calls will not reach you.</source>
        <translation>{account}: {state}。着信を受けられません。</translation>
    </message>
    <message>
        <source>No network connection.</source>
        <translation>ネットワークに接続されていません。</translation>
    </message>
    <message>
        <source>No microphone or speaker found.</source>
        <translation>マイクまたはスピーカーが見つかりません。</translation>
    </message>
    <message>
        <source>Not taking calls: {state}.</source>
        <translation>着信を受け付けていません: {state}。</translation>
    </message>
    <message>
        <source>Not taking new calls: {state} after this call.</source>
        <translation>新しい着信を受け付けていません: この通話の後は{state}。</translation>
    </message>
    <message>
        <source>Ready for calls ({accounts})</source>
        <translation>着信を受け付けています（{accounts}）</translation>
    </message>
    <message>
        <source>Ready for direct calls</source>
        <translation>直接着信を受け付けています</translation>
    </message>
</context>
<context>
    <name>CallDetailPane</name>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>This call is no longer in your team&apos;s calls.</source>
        <translation>この通話はもうチームの通話にありません。</translation>
    </message>
    <message>
        <source>Notes and translations</source>
        <translation>メモと翻訳</translation>
    </message>
    <message>
        <source>&amp;Play recording</source>
        <translation>録音を再生(&amp;P)</translation>
    </message>
    <message>
        <source>Select a call to see its SR, notes and recording.</source>
        <translation>通話を選ぶと、SR・メモ・録音が表示されます。</translation>
    </message>
    <message>
        <source>{time} · {agent} · {direction} · {outcome}</source>
        <translation>{time} · {agent} · {direction} · {outcome}</translation>
    </message>
    <message>
        <source>{number}: {title} ({status}, {queue})</source>
        <translation>{number}: {title}（{status}、{queue}）</translation>
    </message>
    <message>
        <source>On an SR outside your team&apos;s queues.</source>
        <translation>チームのキュー外の SR の通話です。</translation>
    </message>
    <message>
        <source>No SR.</source>
        <translation>SR なし。</translation>
    </message>
    <message>
        <source>No recording to play: recordings stay on the agent&apos;s PC, the central database has none.</source>
        <translation>再生できる録音はありません。録音はエージェントの PC に保存され、中央データベースにはありません。</translation>
    </message>
    <message>
        <source>The recording cannot be reached from this PC: {path}</source>
        <translation>この PC から録音にアクセスできません: {path}</translation>
    </message>
    <message>
        <source>{author} · {time} · {language}</source>
        <translation>{author} · {time} · {language}</translation>
    </message>
    <message>
        <source>{meta} · on this call</source>
        <translation>{meta} · この通話で記入</translation>
    </message>
    <message>
        <source>Translation ({language})</source>
        <translation>翻訳（{language}）</translation>
    </message>
</context>
<context>
    <name>CallHistory</name>
    <message>
        <source>rang {duration}</source>
        <translation>呼出 {duration}</translation>
    </message>
    <message>
        <source>Withheld number</source>
        <translation>非通知</translation>
    </message>
    <message>
        <source>The call history could not be loaded.</source>
        <translation>通話履歴を読み込めませんでした。</translation>
    </message>
</context>
<context>
    <name>CallHistoryModel</name>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>発着信</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>通話相手</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>対応区分</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>通話時間</translation>
    </message>
    <message>
        <source>✎ note, no SR</source>
        <translation>✎ メモあり・SRなし</translation>
    </message>
    <message>
        <source>{outcome} ({reason})</source>
        <translation>{outcome} ({reason})</translation>
    </message>
    <message>
        <source>{number}: {title}</source>
        <translation>{number}: {title}</translation>
    </message>
    <message>
        <source>Kept with the call until it is attached to an SR (right-click: Attach to an SR…):
{note}</source>
        <translation>SRに紐付けるまで通話に保存されています（右クリック：SRに紐付け…）：
{note}</translation>
    </message>
    <message>
        <source>Missed, not yet seen</source>
        <translation>不在着信（未確認）</translation>
    </message>
</context>
<context>
    <name>CallHistoryView</name>
    <message>
        <source>Set &amp;disposition</source>
        <translation>対応区分を設定(&amp;D)</translation>
    </message>
    <message>
        <source>No calls match these filters.</source>
        <translation>条件に一致する通話はありません。</translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation>通話はまだありません。</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Missed (%n)</source>
        <translation>
            <numerusform>不在着信(&amp;M) (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show missed calls only, %n not yet seen</source>
        <translation>
            <numerusform>不在着信のみ表示（未確認%n件）</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Missed</source>
        <translation>不在着信(&amp;M)</translation>
    </message>
    <message>
        <source>Show missed calls only</source>
        <translation>不在着信のみ表示</translation>
    </message>
    <message>
        <source>&amp;All</source>
        <translation>すべて(&amp;A)</translation>
    </message>
    <message>
        <source>Show all calls</source>
        <translation>すべての通話を表示</translation>
    </message>
    <message>
        <source>&amp;Inbound</source>
        <translation>着信(&amp;I)</translation>
    </message>
    <message>
        <source>Show inbound calls only</source>
        <translation>着信のみ表示</translation>
    </message>
    <message>
        <source>O&amp;utbound</source>
        <translation>発信(&amp;U)</translation>
    </message>
    <message>
        <source>Show outbound calls only</source>
        <translation>発信のみ表示</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>今日(&amp;T)</translation>
    </message>
    <message>
        <source>Only calls from today</source>
        <translation>今日の通話のみ</translation>
    </message>
    <message>
        <source>All dispositions</source>
        <translation>すべての対応区分</translation>
    </message>
    <message>
        <source>Disposition filter</source>
        <translation>対応区分で絞り込み</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>検索(&amp;S):</translation>
    </message>
    <message>
        <source>Number, name, company or SR</source>
        <translation>番号、名前、会社名、SR</translation>
    </message>
    <message>
        <source>Search the call history</source>
        <translation>通話履歴を検索</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>再試行</translation>
    </message>
    <message>
        <source>Load the call history again</source>
        <translation>通話履歴を再読み込み</translation>
    </message>
    <message>
        <source>Call history</source>
        <translation>通話履歴</translation>
    </message>
    <message>
        <source>&amp;Open SR</source>
        <translation>SRを開く(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Call back</source>
        <translation>折り返し発信(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Schedule callback…</source>
        <translation>折り返しを予定(&amp;S)…</translation>
    </message>
    <message>
        <source>Copy &amp;number</source>
        <translation>番号をコピー(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Attach to an SR…</source>
        <translation>SRに紐付け(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>再読み込み(&amp;R)</translation>
    </message>
</context>
<context>
    <name>CallPageModel</name>
    <message>
        <source>The calls cannot be sorted by this column.</source>
        <translation>この列では通話を並べ替えられません。</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>エージェント</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>発信者</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>対応区分</translation>
    </message>
    <message>
        <source>Ring</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>通話</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>保留</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <source>Call duration</source>
        <translation>通話時間</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>保留中</translation>
    </message>
    <message>
        <source>The caller put you on hold</source>
        <translation>相手側で保留中</translation>
    </message>
    <message>
        <source>{state} · microphone muted</source>
        <translation>{state} · マイクミュート中</translation>
    </message>
    <message>
        <source>Transferring {caller} to {target}…</source>
        <translation>{caller} を {target} に転送中…</translation>
    </message>
    <message>
        <source>Consulting {target}; {caller} waits on hold</source>
        <translation>{target} に相談中。{caller} は保留中です</translation>
    </message>
    <message>
        <source>No SR yet: choose or create one</source>
        <translation>SR未設定：選択するか新規作成してください</translation>
    </message>
    <message numerus="yes">
        <source>%n other call(s) on hold or waiting</source>
        <translation>
            <numerusform>ほかに%n件の通話が保留中または待機中</numerusform>
        </translation>
    </message>
    <message>
        <source>Conference, three parties:</source>
        <translation>会議通話（3 者）:</translation>
    </message>
    <message>
        <source>• You</source>
        <translation>• あなた</translation>
    </message>
    <message>
        <source>Leaving the conference: handing the caller over…</source>
        <translation>会議通話から退出中: 発信者を引き継いでいます…</translation>
    </message>
    <message>
        <source>• You (left)</source>
        <translation>• あなた（退出済み）</translation>
    </message>
    <message>
        <source>This PC connects the caller and {party}; your microphone and speaker are off</source>
        <translation>この PC が発信者と {party} をつないでいます。あなたのマイクとスピーカーはオフです</translation>
    </message>
    <message>
        <source>• {caller} (caller)</source>
        <translation>• {caller}（発信者）</translation>
    </message>
    <message>
        <source>• {party} (consulted)</source>
        <translation>• {party}（相談相手）</translation>
    </message>
    <message>
        <source>{leader} (team leader) has joined the call</source>
        <translation>{leader}（チームリーダー）が通話に参加しました</translation>
    </message>
    <message>
        <source>{leader} (team leader) is whispering to you; the caller does not hear them</source>
        <translation>{leader}（チームリーダー）があなたにささやいています。お客様には聞こえません</translation>
    </message>
    <message>
        <source>{leader} (team leader) is listening</source>
        <translation>{leader}（チームリーダー）が通話を聞いています</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>切断</translation>
    </message>
    <message>
        <source>Current call</source>
        <translation>現在の通話</translation>
    </message>
</context>
<context>
    <name>CallWidgets</name>
    <message>
        <source>Withheld number</source>
        <translation>非通知</translation>
    </message>
</context>
<context>
    <name>Callbacks</name>
    <message>
        <source>Reached</source>
        <translation>つながった</translation>
    </message>
    <message>
        <source>Voicemail</source>
        <translation>留守番電話</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>応答なし</translation>
    </message>
    <message>
        <source>Rescheduled</source>
        <translation>再予定</translation>
    </message>
    <message>
        <source>A callback needs a number to call.</source>
        <translation>折り返しには電話番号が必要です。</translation>
    </message>
    <message>
        <source>The reason is too long: at most 1000 characters.</source>
        <translation>理由が長すぎます（1000 文字まで）。</translation>
    </message>
    <message>
        <source>This callback was already done.</source>
        <translation>この折り返しはすでに完了しています。</translation>
    </message>
    <message>
        <source>This callback no longer exists.</source>
        <translation>この折り返しはもう存在しません。</translation>
    </message>
    <message>
        <source>Choose when to call again.</source>
        <translation>次にかける日時を選んでください。</translation>
    </message>
</context>
<context>
    <name>CallbacksView</name>
    <message>
        <source>Overdue since {time}</source>
        <translation>{time} から期限超過</translation>
    </message>
    <message>
        <source>No callbacks to make.</source>
        <translation>予定された折り返しはありません。</translation>
    </message>
    <message>
        <source>Callback due: {who}, {number}</source>
        <translation>折り返しの時間です: {who}、{number}</translation>
    </message>
    <message numerus="yes">
        <source>(and %n more)</source>
        <translation>
            <numerusform>（ほか %n 件）</numerusform>
        </translation>
    </message>
    <message>
        <source>{number} · {title}</source>
        <translation>{number} · {title}</translation>
    </message>
    <message>
        <source>The call of {time} from {who}</source>
        <translation>{time} の {who} からの着信</translation>
    </message>
    <message>
        <source>Call &amp;now (Ctrl+Shift+B)</source>
        <translation>今すぐ発信(&amp;N) (Ctrl+Shift+B)</translation>
    </message>
    <message>
        <source>Call the due callback now</source>
        <translation>期限の来た折り返しに今すぐ発信</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>発信(&amp;C)</translation>
    </message>
    <message>
        <source>Call the chosen callback</source>
        <translation>選んだ折り返しに発信</translation>
    </message>
    <message>
        <source>Record &amp;outcome…</source>
        <translation>結果を記録(&amp;O)…</translation>
    </message>
    <message>
        <source>Callbacks, due first</source>
        <translation>折り返し（期限の来たものが先）</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
</context>
<context>
    <name>CandidateChooser</name>
    <message>
        <source>Which SR is this call about?</source>
        <translation>この通話はどのSRの件ですか？</translation>
    </message>
    <message>
        <source>SRs this call could be about</source>
        <translation>この通話に関連する可能性のあるSR</translation>
    </message>
    <message>
        <source>&amp;Open SR</source>
        <translation>SRを開く(&amp;O)</translation>
    </message>
    <message>
        <source>Open the selected SR</source>
        <translation>選択したSRを開く</translation>
    </message>
    <message>
        <source>&amp;New SR (Ctrl+N)</source>
        <translation>新規SR(&amp;N) (Ctrl+N)</translation>
    </message>
    <message>
        <source>Start a new SR for this caller</source>
        <translation>このお客様の新規SRを作成</translation>
    </message>
    <message>
        <source>the caller&apos;s own</source>
        <translation>お客様本人のSR</translation>
    </message>
    <message>
        <source>a colleague&apos;s at the same customer</source>
        <translation>同じ顧客の別の担当者のSR</translation>
    </message>
    <message>
        <source>{number} — {title}
{status} · {priority} · updated {updated} · {whose}</source>
        <translation>{number} — {title}
{status} · {priority} · 更新 {updated} · {whose}</translation>
    </message>
    <message>
        <source>+ New SR for this caller</source>
        <translation>+ このお客様の新規SR</translation>
    </message>
</context>
<context>
    <name>CaseErrors</name>
    <message>
        <source>Type a title for the SR.</source>
        <translation>SRのタイトルを入力してください。</translation>
    </message>
    <message>
        <source>The title is too long: at most 500 characters.</source>
        <translation>タイトルが長すぎます（最大500文字）。</translation>
    </message>
    <message>
        <source>The queue name is too long: at most 64 characters.</source>
        <translation>キュー名が長すぎます（最大64文字）。</translation>
    </message>
    <message>
        <source>The description is too long.</source>
        <translation>説明が長すぎます。</translation>
    </message>
    <message>
        <source>That status does not exist.</source>
        <translation>そのステータスは存在しません。</translation>
    </message>
    <message>
        <source>That priority does not exist.</source>
        <translation>その優先度は存在しません。</translation>
    </message>
    <message>
        <source>Someone else changed this SR; it was reloaded. Your changes were kept: check them and save again.</source>
        <translation>他のユーザーがこのSRを変更したため、再読み込みしました。入力内容は保持されています。確認してからもう一度保存してください。</translation>
    </message>
    <message>
        <source>This SR no longer exists.</source>
        <translation>このSRはすでに存在しません。</translation>
    </message>
    <message>
        <source>Type the note first.</source>
        <translation>先にメモを入力してください。</translation>
    </message>
    <message>
        <source>The note is too long.</source>
        <translation>メモが長すぎます。</translation>
    </message>
    <message>
        <source>Open an SR to add the note to.</source>
        <translation>メモを追加するSRを開いてください。</translation>
    </message>
    <message>
        <source>This note no longer exists.</source>
        <translation>このメモはすでに存在しません。</translation>
    </message>
    <message>
        <source>There is no text to translate.</source>
        <translation>翻訳するテキストがありません。</translation>
    </message>
    <message>
        <source>The text is already in that language.</source>
        <translation>このテキストはすでにその言語です。</translation>
    </message>
    <message>
        <source>This translation request no longer exists.</source>
        <translation>この翻訳依頼はすでに存在しません。</translation>
    </message>
    <message>
        <source>Someone else has translated this already; your translation was put in the note editor.</source>
        <translation>他の担当者がすでに翻訳しました。あなたの訳文はメモ入力欄に移しました。</translation>
    </message>
    <message>
        <source>This SR conflict has been settled already.</source>
        <translation>このSRの競合はすでに解決されています。</translation>
    </message>
    <message>
        <source>Choose a value for every field of the SR conflict.</source>
        <translation>SRの競合のすべての項目で値を選んでください。</translation>
    </message>
    <message>
        <source>The central database refuses this value; keep the central one.</source>
        <translation>中央データベースがこの値を受け付けません。中央の値を残してください。</translation>
    </message>
    <message>
        <source>The contact&apos;s name is too long.</source>
        <translation>担当者名が長すぎます。</translation>
    </message>
    <message>
        <source>The case database is busy (locked by another program). Try again in a moment.</source>
        <translation>案件データベースは使用中です（別のプログラムがロックしています）。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <source>The case database is damaged. Nothing you typed was lost.</source>
        <translation>案件データベースが破損しています。入力した内容は失われていません。</translation>
    </message>
    <message>
        <source>The case database cannot be written (disk full or read-only).</source>
        <translation>案件データベースに書き込めません（ディスクの空き容量不足または読み取り専用）。</translation>
    </message>
    <message>
        <source>The case database was made by a newer CaseLine.</source>
        <translation>案件データベースは新しいバージョンのCaseLineで作成されています。</translation>
    </message>
    <message>
        <source>The case database is missing.</source>
        <translation>案件データベースが見つかりません。</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>エラーが発生しました: {detail}</translation>
    </message>
</context>
<context>
    <name>CaseForms</name>
    <message>
        <source>Unknown caller</source>
        <translation>不明な発信者</translation>
    </message>
    <message>
        <source>no number</source>
        <translation>番号なし</translation>
    </message>
    <message>
        <source>{who}, {company} ({number})</source>
        <translation>{who}、{company}（{number}）</translation>
    </message>
    <message>
        <source>{who} ({number})</source>
        <translation>{who}（{number}）</translation>
    </message>
</context>
<context>
    <name>CaseLabels</name>
    <message>
        <source>{number} (provisional)</source>
        <translation>{number}（仮番号）</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新規</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>対応中</translation>
    </message>
    <message>
        <source>Waiting for customer</source>
        <translation>顧客回答待ち</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>エスカレーション済み</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>解決済み</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>クローズ</translation>
    </message>
    <message>
        <source>P1 – Critical</source>
        <translation>P1 – 緊急</translation>
    </message>
    <message>
        <source>P2 – High</source>
        <translation>P2 – 高</translation>
    </message>
    <message>
        <source>P3 – Medium</source>
        <translation>P3 – 中</translation>
    </message>
    <message>
        <source>P4 – Low</source>
        <translation>P4 – 低</translation>
    </message>
    <message>
        <source>Inbound</source>
        <translation>着信</translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation>発信</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>応答済み</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>不在着信</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>拒否</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>接続失敗</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>転送済み</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>取り消し</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>通話中</translation>
    </message>
    <message>
        <source>refused: all lines busy</source>
        <translation>拒否: 全回線使用中</translation>
    </message>
    <message>
        <source>refused: on a break</source>
        <translation>拒否: 休憩中</translation>
    </message>
    <message>
        <source>refused: offline</source>
        <translation>拒否: オフライン</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日本語</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英語</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中国語</translation>
    </message>
    <message>
        <source>office</source>
        <translation>会社</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>携帯</translation>
    </message>
    <message>
        <source>main line</source>
        <translation>代表</translation>
    </message>
    <message>
        <source>home</source>
        <translation>自宅</translation>
    </message>
    <message>
        <source>fax</source>
        <translation>FAX</translation>
    </message>
    <message>
        <source>direct line</source>
        <translation>直通</translation>
    </message>
</context>
<context>
    <name>CaseSearch</name>
    <message>
        <source>&amp;Find an SR</source>
        <translation>SRを検索(&amp;F)</translation>
    </message>
    <message>
        <source>Search SRs</source>
        <translation>SRを検索</translation>
    </message>
    <message>
        <source>SR number, phone number, customer code, contact or company name</source>
        <translation>SR番号、電話番号、顧客コード、担当者名、会社名</translation>
    </message>
    <message>
        <source>SRs found</source>
        <translation>見つかったSR</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>会社</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新日時</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>検索中…</translation>
    </message>
    <message>
        <source>No SR found for “{text}”.</source>
        <translation>「{text}」に一致するSRは見つかりませんでした。</translation>
    </message>
    <message numerus="yes">
        <source>The first %n SRs; type more to narrow it down.</source>
        <translation>
            <numerusform>最初の%n件のSRを表示しています。さらに入力すると絞り込めます。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) found.</source>
        <translation>
            <numerusform>%n件のSRが見つかりました。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>Priority not confirmed with the caller — confirm it now</source>
        <translation>優先度がお客様に未確認です — 今すぐ確認してください</translation>
    </message>
    <message>
        <source>Priority to confirm with the caller</source>
        <translation>お客様に確認する優先度</translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation>確認済み(&amp;C)</translation>
    </message>
    <message>
        <source>Confirm the priority with the caller</source>
        <translation>優先度をお客様と確認済みにする</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>タイトル(&amp;T)</translation>
    </message>
    <message>
        <source>St&amp;atus</source>
        <translation>ステータス(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Priority (Ctrl+P)</source>
        <translation>優先度(&amp;P) (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>キュー(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>説明(&amp;D)</translation>
    </message>
    <message>
        <source>SR title</source>
        <translation>SRのタイトル</translation>
    </message>
    <message>
        <source>SR status</source>
        <translation>SRのステータス</translation>
    </message>
    <message>
        <source>SR priority</source>
        <translation>SRの優先度</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>SR description</source>
        <translation>SRの説明</translation>
    </message>
    <message>
        <source>&amp;Save (Ctrl+S)</source>
        <translation>保存(&amp;S) (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save the SR</source>
        <translation>SRを保存</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>変更を破棄</translation>
    </message>
    <message>
        <source>Discard your unsaved changes</source>
        <translation>保存されていない変更を破棄</translation>
    </message>
    <message>
        <source>Service request</source>
        <translation>サービスリクエスト</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Numbers (click to call)</source>
        <translation>電話番号（クリックで発信）</translation>
    </message>
    <message>
        <source>Numbers to call</source>
        <translation>発信先の番号</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>メモ(&amp;N)</translation>
    </message>
    <message>
        <source>Ca&amp;lls</source>
        <translation>通話(&amp;L)</translation>
    </message>
    <message>
        <source>SR history</source>
        <translation>SRの履歴</translation>
    </message>
    <message>
        <source>Notes, newest first</source>
        <translation>メモ（新しい順）</translation>
    </message>
    <message>
        <source>Calls about this SR, newest first</source>
        <translation>このSRに関する通話（新しい順）</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>開始日時</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>発着信</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>通話時間</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>対応区分</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>New &amp;note (Ctrl+Enter adds it)</source>
        <translation>新規メモ(&amp;N)（Ctrl+Enterで追加）</translation>
    </message>
    <message>
        <source>{number}
({kind})</source>
        <translation>{number}
（{kind}）</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>新規メモ</translation>
    </message>
    <message>
        <source>Schedule call&amp;back…</source>
        <translation>折り返しを予定(&amp;B)…</translation>
    </message>
    <message>
        <source>Promise the customer a call about this SR at a time you choose</source>
        <translation>この SR について、選んだ日時に顧客へ折り返すことを予定します</translation>
    </message>
    <message>
        <source>Language of the note</source>
        <translation>メモの言語</translation>
    </message>
    <message>
        <source>&amp;Add note</source>
        <translation>メモを追加(&amp;A)</translation>
    </message>
    <message>
        <source>Add the note to the SR</source>
        <translation>SRにメモを追加</translation>
    </message>
    <message>
        <source>No SR open.</source>
        <translation>SRが開かれていません。</translation>
    </message>
    <message>
        <source>New &amp;note for {number}, call with {caller} (Ctrl+Enter adds it)</source>
        <translation>{number} の新しいメモ(&amp;N)・{caller} との通話（Ctrl+Enterで追加）</translation>
    </message>
    <message>
        <source>New &amp;note for {number} (Ctrl+Enter adds it)</source>
        <translation>{number} の新しいメモ(&amp;N)（Ctrl+Enterで追加）</translation>
    </message>
    <message>
        <source>What the caller said, what you did, what happens next. Kept as you type; it becomes a note of this SR when the call&apos;s wrap-up ends, or add it now with Ctrl+Enter.</source>
        <translation>お客様の話、対応内容、次の対応。入力中も保存され、通話の後処理が終わるとこのSRのメモになります。今すぐ追加するにはCtrl+Enter。</translation>
    </message>
    <message>
        <source>Kept as a draft as you type; Ctrl+Enter adds it to the SR.</source>
        <translation>入力中は下書きとして保存されます。Ctrl+EnterでSRに追加します。</translation>
    </message>
    <message>
        <source>Loading the SR…</source>
        <translation>SRを読み込み中…</translation>
    </message>
    <message>
        <source>{number} — {title}</source>
        <translation>{number} — {title}</translation>
    </message>
    <message>
        <source>Confirmed with the caller {time}</source>
        <translation>{time}にお客様と確認済み</translation>
    </message>
    <message>
        <source>Confirmed with the caller</source>
        <translation>お客様と確認済み</translation>
    </message>
    <message>
        <source>Not confirmed with the caller</source>
        <translation>お客様に未確認</translation>
    </message>
    <message>
        <source>{company} ({code}), speaks {language}</source>
        <translation>{company}（{code}）、対応言語: {language}</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>顧客なし</translation>
    </message>
    <message>
        <source>No contact person</source>
        <translation>担当者なし</translation>
    </message>
    <message>
        <source>{name} &lt;{email}&gt;</source>
        <translation>{name} &lt;{email}&gt;</translation>
    </message>
    <message>
        <source>Opened {created} by {owner}; last changed {updated}</source>
        <translation>{created}に{owner}が作成、最終更新 {updated}</translation>
    </message>
    <message>
        <source>Opened {created}; last changed {updated}</source>
        <translation>{created}に作成、最終更新 {updated}</translation>
    </message>
    <message>
        <source>Call {number}</source>
        <translation>{number}に発信</translation>
    </message>
    <message>
        <source>Call {number} about this SR</source>
        <translation>このSRの件で{number}に発信</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Notes (%n)</source>
        <translation>
            <numerusform>メモ(&amp;N) (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>{author} · {time} · {language}</source>
        <translation>{author} · {time} · {language}</translation>
    </message>
    <message>
        <source>{time} · {language}</source>
        <translation>{time} · {language}</translation>
    </message>
    <message>
        <source>↪ from the call at {time}</source>
        <translation>↪ {time}の通話から</translation>
    </message>
    <message>
        <source>Enter or double-click: show the call {time}</source>
        <translation>Enterキーまたはダブルクリック: {time}の通話を表示</translation>
    </message>
    <message numerus="yes">
        <source>Ca&amp;lls (%n)</source>
        <translation>
            <numerusform>通話(&amp;L) (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>translation by {who}, {minutes} min</source>
        <translation>{who} による通訳、{minutes} 分</translation>
    </message>
    <message>
        <source>escalated to {target}</source>
        <translation>{target} へエスカレーション</translation>
    </message>
    <message>
        <source>⇄ Translation (the original is beside it in Translations)</source>
        <translation>⇄ 翻訳（原文は「翻訳」タブで並べて表示）</translation>
    </message>
    <message>
        <source>⇄ Waiting for a translation into {language}</source>
        <translation>⇄ {language}への翻訳待ち</translation>
    </message>
    <message>
        <source>⇄ Translated into {language}</source>
        <translation>⇄ {language}に翻訳済み</translation>
    </message>
    <message numerus="yes">
        <source>T&amp;ranslations (%n waiting)</source>
        <translation>
            <numerusform>翻訳(&amp;R) (%n 件待ち)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>T&amp;ranslations (%n)</source>
        <translation>
            <numerusform>翻訳(&amp;R) (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the SR first: the saved description is what gets translated.</source>
        <translation>先に SR を保存してください。翻訳されるのは保存済みの説明です。</translation>
    </message>
    <message>
        <source>{number} · {title}</source>
        <translation>{number} · {title}</translation>
    </message>
    <message>
        <source>A title is required.</source>
        <translation>タイトルは必須です。</translation>
    </message>
    <message>
        <source>The title is too long ({count} of at most {limit} characters).</source>
        <translation>タイトルが長すぎます（{count}文字、最大{limit}文字）。</translation>
    </message>
    <message>
        <source>The queue name is too long ({count} of at most {limit} characters).</source>
        <translation>キュー名が長すぎます（{count}文字、最大{limit}文字）。</translation>
    </message>
    <message>
        <source>The description is too long.</source>
        <translation>説明が長すぎます。</translation>
    </message>
    <message>
        <source>SR saved.</source>
        <translation>SRを保存しました。</translation>
    </message>
    <message>
        <source>Unsaved note restored from {time}.</source>
        <translation>{time}時点の未保存のメモを復元しました。</translation>
    </message>
    <message>
        <source>Draft saved.</source>
        <translation>下書きを保存しました。</translation>
    </message>
    <message>
        <source>The draft could not be saved: {reason}</source>
        <translation>下書きを保存できませんでした: {reason}</translation>
    </message>
    <message>
        <source>Note added.</source>
        <translation>メモを追加しました。</translation>
    </message>
</context>
<context>
    <name>CentralErrors</name>
    <message>
        <source>The central database is on another machine and its URL does not ask for a verified secure connection, so CaseLine does not connect. Add sslmode=verify-full and sslrootcert (the CA&apos;s certificate file) to the URL, for example ?sslmode=verify-full&amp;sslrootcert=/etc/caseline/ca.pem. Only your administrator can allow an unencrypted connection.</source>
        <translation>中央データベースは別のマシンにあり、URL が検証済みの安全な接続を求めていないため、CaseLine は接続しません。URL に sslmode=verify-full と sslrootcert(CA の証明書ファイル)を追加してください。例: ?sslmode=verify-full&amp;sslrootcert=/etc/caseline/ca.pem。暗号化しない接続を許可できるのは管理者だけです。</translation>
    </message>
</context>
<context>
    <name>ChartsPanel</name>
    <message>
        <source>MMM d</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Inbound calls per hour by language</source>
        <translation>言語別・時間帯別の着信数</translation>
    </message>
    <message>
        <source>Hour of the day</source>
        <translation>時刻（時）</translation>
    </message>
    <message>
        <source>Inbound calls</source>
        <translation>着信数</translation>
    </message>
    <message>
        <source>Average handle time and first-contact resolution</source>
        <translation>平均処理時間と初回解決率</translation>
    </message>
    <message>
        <source>First-contact resolution (%)</source>
        <translation>初回解決率 (%)</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Percent</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Service level (answered within {seconds} s)</source>
        <translation>サービスレベル（{seconds} 秒以内に応答）</translation>
    </message>
    <message>
        <source>Target ({percent} %)</source>
        <translation>目標 ({percent} %)</translation>
    </message>
    <message>
        <source>Agent states on {day}</source>
        <translation>{day}のエージェント状態</translation>
    </message>
    <message>
        <source>Agent states</source>
        <translation>エージェント状態</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>エージェント</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <source>Priority confirmed</source>
        <translation>優先度確認済み</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>No</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>{field}: keep mine ({value})</source>
        <translation>{field}: 自分の値を残す（{value}）</translation>
    </message>
    <message>
        <source>{field}: keep {who}&apos;s ({value})</source>
        <translation>{field}: {who} の値を残す（{value}）</translation>
    </message>
    <message>
        <source>The central database refused this change: the SR would move to another team&apos;s queue.</source>
        <translation>中央データベースがこの変更を拒否しました: SRが別のチームのキューに移動してしまいます。</translation>
    </message>
    <message>
        <source>a colleague</source>
        <translation>同僚</translation>
    </message>
    <message>
        <source>SR conflict: {number} {title}</source>
        <translation>SRの競合: {number} {title}</translation>
    </message>
    <message>
        <source>This SR was changed on this PC and by {who} at the same time. Choose which value to keep for each field. The other value is kept in the SR&apos;s history.</source>
        <translation>このSRは、このPCと {who} によって同時に変更されました。項目ごとに残す値を選んでください。選ばなかった値はSRの履歴に残ります。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Mine (this PC)</source>
        <translation>自分（このPC）</translation>
    </message>
    <message>
        <source>Theirs ({who})</source>
        <translation>相手（{who}）</translation>
    </message>
    <message>
        <source>Keep all &amp;mine</source>
        <translation>すべて自分の値にする(&amp;M)</translation>
    </message>
    <message>
        <source>Keep all &amp;theirs</source>
        <translation>すべて相手の値にする(&amp;T)</translation>
    </message>
    <message>
        <source>Keep &amp;selected values</source>
        <translation>選択した値を残す(&amp;S)</translation>
    </message>
</context>
<context>
    <name>ConsoleLauncher</name>
    <message>
        <source>&amp;Team console…</source>
        <translation>チームコンソール(&amp;T)…</translation>
    </message>
    <message>
        <source>Your team&apos;s calls, KPIs and live board</source>
        <translation>チームの通話・KPI・ライブボード</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>Asking the central database…</source>
        <translation>中央データベースに問い合わせ中…</translation>
    </message>
    <message>
        <source>Team console — CaseLine</source>
        <translation>チームコンソール — CaseLine</translation>
    </message>
    <message>
        <source>&amp;Board</source>
        <translation>ボード(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Explorer</source>
        <translation>通話一覧(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;KPIs</source>
        <translation>KPI(&amp;K)</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>再試行</translation>
    </message>
    <message>
        <source>The live board is not available in this version.</source>
        <translation>このバージョンではライブボードを利用できません。</translation>
    </message>
</context>
<context>
    <name>ConsultDialog</name>
    <message>
        <source>Consult before transferring</source>
        <translation>転送前の相談</translation>
    </message>
    <message>
        <source>Consult</source>
        <translation>相談先</translation>
    </message>
    <message>
        <source>Number, extension or SIP address</source>
        <translation>番号、内線または SIP アドレス</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Needs an engineer</source>
        <translation>エンジニアが必要</translation>
    </message>
    <message>
        <source>Needs a specialist</source>
        <translation>専門担当者が必要</translation>
    </message>
    <message>
        <source>Billing question</source>
        <translation>請求に関する問い合わせ</translation>
    </message>
    <message>
        <source>Another language</source>
        <translation>別の言語</translation>
    </message>
    <message>
        <source>Translation (three-way call)</source>
        <translation>通訳（三者通話）</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>その他</translation>
    </message>
    <message>
        <source>Why, in a few words</source>
        <translation>理由を短く</translation>
    </message>
    <message>
        <source>Summary for them</source>
        <translation>相談先への要約</translation>
    </message>
    <message>
        <source>One line they see when the call rings</source>
        <translation>着信時に相手に表示される一行</translation>
    </message>
    <message>
        <source>Call them</source>
        <translation>発信</translation>
    </message>
    <message>
        <source>The caller waits on hold while you consult:</source>
        <translation>相談中、お客様は保留でお待ちいただきます。相談先:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由:</translation>
    </message>
    <message>
        <source>Summary for them:</source>
        <translation>相談先への要約:</translation>
    </message>
</context>
<context>
    <name>DemoPage</name>
    <message>
        <source>Try CaseLine with demo data</source>
        <translation>デモデータでCaseLineを試す</translation>
    </message>
    <message>
        <source>No phone system is needed: CaseLine listens for direct calls at this address. Any SIP phone or softphone on your network can call it.</source>
        <translation>電話システムは不要です。CaseLineはこのアドレスで直接着信を待ち受けます。ネットワーク上のSIP電話機やソフトフォンから発信できます。</translation>
    </message>
    <message>
        <source>Your direct call address</source>
        <translation>直接着信用のアドレス</translation>
    </message>
    <message>
        <source>Demo customers, contacts and service requests (in Japanese, Chinese and English) are loaded, so a call pops up a realistic record and you can try logging it.</source>
        <translation>デモ用の顧客、担当者、サービスリクエスト（日本語・中国語・英語）が読み込まれます。着信時に実際に近いレコードが表示され、通話記録を試すことができます。</translation>
    </message>
    <message>
        <source>You can connect your phone system later, in Settings under Accounts.</source>
        <translation>電話システムには後から［設定］の［アカウント］で接続できます。</translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <source>{problem}

File: {path}</source>
        <translation>{problem}

ファイル: {path}</translation>
    </message>
    <message>
        <source>The newest backup is {backup}. Close CaseLine and restore it with: caseline db restore {backup}</source>
        <translation>最新のバックアップは {backup} です。CaseLine を閉じてから、次のコマンドで復元してください: caseline db restore {backup}</translation>
    </message>
    <message>
        <source>CaseLine</source>
        <translation>CaseLine</translation>
    </message>
    <message>
        <source>Loading demo customers and SRs…</source>
        <translation>デモの顧客とSRを読み込み中…</translation>
    </message>
    <message>
        <source>CaseLine is already running with this configuration but does not answer. Close it (or end its process) and start CaseLine again.</source>
        <translation>CaseLine はこの設定ですでに起動していますが、応答しません。そのウィンドウを閉じる（またはプロセスを終了する）と、CaseLine を起動し直せます。</translation>
    </message>
</context>
<context>
    <name>DialBar</name>
    <message>
        <source>Number, name or SIP address (Ctrl+L)</source>
        <translation>番号、名前、SIPアドレス (Ctrl+L)</translation>
    </message>
    <message>
        <source>Number to dial</source>
        <translation>発信する番号</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>発信</translation>
    </message>
    <message>
        <source>Call this number</source>
        <translation>この番号に発信</translation>
    </message>
</context>
<context>
    <name>EchoTest</name>
    <message>
        <source>No microphone was found.</source>
        <translation>マイクが見つかりません。</translation>
    </message>
    <message>
        <source>The microphone {device} could not be opened.</source>
        <translation>マイク {device} を開けませんでした。</translation>
    </message>
    <message>
        <source>No speaker was found.</source>
        <translation>スピーカーが見つかりません。</translation>
    </message>
    <message>
        <source>The speaker {device} could not be opened.</source>
        <translation>スピーカー {device} を開けませんでした。</translation>
    </message>
    <message>
        <source>Speak now… {seconds}</source>
        <translation>話してください… {seconds}</translation>
    </message>
    <message>
        <source>Playing back…</source>
        <translation>再生中…</translation>
    </message>
    <message>
        <source>Done: did you hear yourself?</source>
        <translation>完了：ご自分の声が聞こえましたか？</translation>
    </message>
    <message>
        <source>The microphone {device} sent no sound. Check that it is plugged in and not switched off.</source>
        <translation>マイク {device} から音声が届きません。接続されていて、オフになっていないか確認してください。</translation>
    </message>
    <message>
        <source>The speaker {device} did not play the recording.</source>
        <translation>スピーカー {device} で録音を再生できませんでした。</translation>
    </message>
</context>
<context>
    <name>ExplorerView</name>
    <message>
        <source>The first day is after the last day: choose a period that starts before it ends.</source>
        <translation>開始日が終了日より後です。終了日以前に始まる期間を選んでください。</translation>
    </message>
    <message>
        <source>No calls of your team match these filters.</source>
        <translation>この条件に合うチームの通話はありません。</translation>
    </message>
    <message>
        <source>Export the calls</source>
        <translation>通話をエクスポート</translation>
    </message>
    <message>
        <source>calls</source>
        <translation>通話</translation>
    </message>
    <message>
        <source>Exporting calls</source>
        <translation>通話をエクスポートしています</translation>
    </message>
    <message>
        <source>Exported to {paths}</source>
        <translation>エクスポートしました: {paths}</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>開始日(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>終了日(&amp;T):</translation>
    </message>
    <message>
        <source>A&amp;gent:</source>
        <translation>エージェント(&amp;G):</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>タイムゾーン(&amp;Z):</translation>
    </message>
    <message>
        <source>&amp;Direction:</source>
        <translation>方向(&amp;D):</translation>
    </message>
    <message>
        <source>&amp;Outcome:</source>
        <translation>結果(&amp;O):</translation>
    </message>
    <message>
        <source>D&amp;isposition:</source>
        <translation>対応区分(&amp;I):</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>言語(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Queue:</source>
        <translation>キュー(&amp;Q):</translation>
    </message>
    <message>
        <source>&amp;SR:</source>
        <translation>SR(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Number:</source>
        <translation>番号(&amp;N):</translation>
    </message>
    <message>
        <source>Note searc&amp;h:</source>
        <translation>メモ検索(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Poor call quality only</source>
        <translation>通話品質が悪いもののみ(&amp;P)</translation>
    </message>
    <message>
        <source>Calls whose estimated MOS fell below {mos}: loss, jitter or delay on the line</source>
        <translation>推定 MOS が {mos} を下回った通話（回線の損失、ジッター、遅延）</translation>
    </message>
    <message>
        <source>Words in any note of the call or its SR (Japanese, Chinese, English)</source>
        <translation>通話またはその SR のメモに含まれる語（日本語・中国語・英語）</translation>
    </message>
    <message>
        <source>Search the notes</source>
        <translation>メモを検索</translation>
    </message>
    <message>
        <source>SR number</source>
        <translation>SR 番号</translation>
    </message>
    <message>
        <source>Any spelling</source>
        <translation>どの書き方でも可</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>エクスポート(&amp;X)…</translation>
    </message>
    <message>
        <source>Every call of these filters to Excel or CSV</source>
        <translation>この条件のすべての通話を Excel または CSV に出力</translation>
    </message>
    <message>
        <source>Your team&apos;s calls</source>
        <translation>チームの通話</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>全員</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>すべて</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>Language: {language}</source>
        <translation>言語: {language}</translation>
    </message>
    <message>
        <source>Language: system default ({language})</source>
        <translation>言語: システムの既定（{language}）</translation>
    </message>
    <message>
        <source>Demo data. Direct calls to: {address}</source>
        <translation>デモデータ。直接着信のアドレス: {address}</translation>
    </message>
    <message>
        <source>Phone system account {name}: {address} over {transport}</source>
        <translation>電話システムのアカウント {name}: {address}（{transport}）</translation>
    </message>
    <message>
        <source>On this desktop CaseLine uses GNOME Keyring: install the gnome-keyring package, then log out and in again, and press Try again.</source>
        <translation>このデスクトップでは CaseLine は GNOME Keyring を使います。gnome-keyring パッケージをインストールし、ログアウトして再ログインしてから「再試行」を押してください。</translation>
    </message>
    <message>
        <source>On KDE CaseLine uses KWallet: turn it on in System Settings under KDE Wallet, then press Try again.</source>
        <translation>KDE では CaseLine は KWallet を使います。システム設定の「KDE ウォレット」で有効にしてから「再試行」を押してください。</translation>
    </message>
    <message>
        <source>Install KeePassXC and turn on its Secret Service integration (Tools, Settings, Secret Service Integration), or install GNOME Keyring; then press Try again.</source>
        <translation>KeePassXC をインストールして Secret Service 連携を有効にするか（ツール、設定、Secret Service 連携）、GNOME Keyring をインストールしてから「再試行」を押してください。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>Press Finish to save these settings. You can change them at any time in Settings.</source>
        <translation>［完了］を押すと、これらの設定が保存されます。設定はいつでも［設定］で変更できます。</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>再試行</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存中…</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>保存中</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up CaseLine</source>
        <translation>CaseLineのセットアップ</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>次へ</translation>
    </message>
    <message>
        <source>Finish and save</source>
        <translation>完了して保存</translation>
    </message>
    <message>
        <source>Cancel setup</source>
        <translation>セットアップをキャンセル</translation>
    </message>
</context>
<context>
    <name>HealthIndicator</name>
    <message>
        <source>Starting…</source>
        <translation>起動中…</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>要確認</translation>
    </message>
    <message>
        <source>calls cannot reach you</source>
        <translation>着信不可</translation>
    </message>
    <message>
        <source>Phone status: {level}. {summary}</source>
        <translation>電話の状態: {level}。{summary}</translation>
    </message>
</context>
<context>
    <name>IdlePage</name>
    <message>
        <source>No call right now</source>
        <translation>現在、通話はありません</translation>
    </message>
    <message>
        <source>The caller&apos;s SR opens here when you answer. Ctrl+L to dial, Ctrl+F to find an SR, F1 for all keys.</source>
        <translation>応答すると、お客様のSRがここに表示されます。Ctrl+Lで発信、Ctrl+FでSRを検索、F1ですべてのショートカットを表示します。</translation>
    </message>
</context>
<context>
    <name>IncomingPopup</name>
    <message>
        <source>Call waiting</source>
        <translation>割込着信</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>着信</translation>
    </message>
    <message>
        <source>Looking up the caller…</source>
        <translation>発信者を照会中…</translation>
    </message>
    <message>
        <source>Speaks: {language}</source>
        <translation>言語: {language}</translation>
    </message>
    <message numerus="yes">
        <source>Repeat caller: %n call(s) this week, last %1</source>
        <translation>
            <numerusform>再入電: 今週%n件、前回 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>{number}: {title}
{priority} · {status}</source>
        <translation>{number}: {title}
{priority} · {status}</translation>
    </message>
    <message>
        <source>Transferred with {number} {priority}
{summary}</source>
        <translation>{number} {priority} とともに転送
{summary}</translation>
    </message>
    <message numerus="yes">
        <source>%n candidate SR(s)</source>
        <translation>
            <numerusform>候補のSR %n件</numerusform>
        </translation>
    </message>
    <message>
        <source>New SR</source>
        <translation>新規SR</translation>
    </message>
    <message>
        <source>Answer ({keys})</source>
        <translation>応答 ({keys})</translation>
    </message>
    <message>
        <source>Decline ({keys})</source>
        <translation>拒否 ({keys})</translation>
    </message>
    <message>
        <source>Answer the call</source>
        <translation>着信に応答</translation>
    </message>
    <message>
        <source>Decline the call</source>
        <translation>着信を拒否</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Key {key}</source>
        <translation>キー {key}</translation>
    </message>
</context>
<context>
    <name>KpiTab</name>
    <message>
        <source>The first day is after the last day: choose a period that starts before it ends.</source>
        <translation>開始日が終了日より後です。終了日以前に始まる期間を選んでください。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Export the KPI report</source>
        <translation>KPI レポートをエクスポート</translation>
    </message>
    <message>
        <source>kpi-report</source>
        <translation>KPIレポート</translation>
    </message>
    <message>
        <source>Exporting the KPI report</source>
        <translation>KPI レポートをエクスポートしています</translation>
    </message>
    <message>
        <source>Exported to {paths}</source>
        <translation>エクスポートしました: {paths}</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>開始日(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>終了日(&amp;T):</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>タイムゾーン(&amp;Z):</translation>
    </message>
    <message>
        <source>&amp;Per:</source>
        <translation>集計単位(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;By:</source>
        <translation>グループ(&amp;B):</translation>
    </message>
    <message>
        <source>States on:</source>
        <translation>状態の日付:</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>週</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Whole period</source>
        <translation>期間全体</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>エージェント</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>チーム</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>E&amp;xport report…</source>
        <translation>レポートをエクスポート(&amp;X)…</translation>
    </message>
    <message>
        <source>Every KPI table of the period to Excel (a sheet per table) or CSV</source>
        <translation>期間のすべての KPI 表を Excel（表ごとに 1 シート）または CSV に出力</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通話</translation>
    </message>
    <message>
        <source>Agent states</source>
        <translation>エージェント状態</translation>
    </message>
    <message>
        <source>Occupancy</source>
        <translation>稼働率</translation>
    </message>
    <message>
        <source>Call quality</source>
        <translation>通話品質</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>表</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>グラフ</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Available</source>
        <translation>受付可</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>着信中</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>通話中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>後処理</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>休憩</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>オフライン</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>未登録</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>登録中…</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登録済み</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>サーバーが拒否</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>再試行中</translation>
    </message>
    <message>
        <source>Server unreachable</source>
        <translation>サーバーに接続不可</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>着信</translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation>発信中…</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>呼び出し中…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>通話中</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>終了</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>System default ({language})</source>
        <translation>システムの既定（{language}）</translation>
    </message>
    <message>
        <source>Use the system language ({language})</source>
        <translation>システムの言語を使用（{language}）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
</context>
<context>
    <name>LeftDraftsDialog</name>
    <message>
        <source>Notes not saved when CaseLine stopped</source>
        <translation>CaseLine終了時に保存されなかったメモ</translation>
    </message>
    <message>
        <source>CaseLine stopped before these notes were saved. Save them to their SRs (a call without an SR keeps its note in the call history), keep them for later, or discard them.</source>
        <translation>これらのメモが保存される前にCaseLineが終了しました。各SRに保存する（SRのない通話はメモを通話履歴に残します）、後で扱う、または破棄することができます。</translation>
    </message>
    <message>
        <source>&amp;Save as notes</source>
        <translation>メモとして保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Keep for later</source>
        <translation>後で扱う(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Discard them</source>
        <translation>破棄(&amp;D)</translation>
    </message>
    <message>
        <source>{number} — {title}</source>
        <translation>{number} — {title}</translation>
    </message>
    <message>
        <source>No SR yet</source>
        <translation>SR未設定</translation>
    </message>
    <message>
        <source>{where} · call of {time} with {caller}</source>
        <translation>{where}・{time} の {caller} との通話</translation>
    </message>
    <message>
        <source>an unknown caller</source>
        <translation>不明な発信者</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <source>Microphone level</source>
        <translation>マイク音量レベル</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Quit CaseLine</source>
        <translation>CaseLineの終了</translation>
    </message>
    <message>
        <source>You are on a call. Quitting hangs it up. Quit anyway?</source>
        <translation>通話中です。終了すると通話は切断されます。終了しますか？</translation>
    </message>
    <message>
        <source>CaseLine</source>
        <translation>CaseLine</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通話</translation>
    </message>
    <message>
        <source>Active calls</source>
        <translation>進行中の通話</translation>
    </message>
    <message>
        <source>Queue watch</source>
        <translation>キュー監視</translation>
    </message>
    <message>
        <source>Status updates</source>
        <translation>状況確認</translation>
    </message>
    <message>
        <source>Call the first due &amp;callback</source>
        <translation>最初の期限の折り返しに発信(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>電話(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;State</source>
        <translation>状態(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Save &amp;diagnostics…</source>
        <translation>診断情報を保存(&amp;D)…</translation>
    </message>
    <message>
        <source>A zip for your support desk: versions, settings, the recent log and the connection test, with every password removed</source>
        <translation>サポート窓口向けの zip: バージョン、設定、最近のログ、接続テストの結果（パスワードはすべて除去）</translation>
    </message>
    <message>
        <source>Show CaseLine</source>
        <translation>CaseLineを表示</translation>
    </message>
    <message>
        <source>Direct calls: {address}</source>
        <translation>直接着信: {address}</translation>
    </message>
    <message numerus="yes">
        <source>Translation queue (%n)</source>
        <translation>
            <numerusform>翻訳キュー (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Translation queue</source>
        <translation>翻訳キュー</translation>
    </message>
    <message>
        <source>{number}: {exception}</source>
        <translation>{number}: {exception}</translation>
    </message>
    <message numerus="yes">
        <source>%n new exception(s) in the team&apos;s queues</source>
        <translation>
            <numerusform>チームのキューに新しい例外 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Callbacks (%n due)</source>
        <translation>
            <numerusform>折り返し（期限 %n 件）</numerusform>
        </translation>
    </message>
    <message>
        <source>Callbacks</source>
        <translation>折り返し</translation>
    </message>
    <message>
        <source>{who}, {number}</source>
        <translation>{who}、{number}</translation>
    </message>
    <message>
        <source>Callback due: {text}</source>
        <translation>折り返しの時間です: {text}</translation>
    </message>
    <message>
        <source>Callback due (Ctrl+Shift+B calls)</source>
        <translation>折り返しの時間です（Ctrl+Shift+B で発信）</translation>
    </message>
    <message numerus="yes">
        <source>Call history (%n missed)</source>
        <translation>
            <numerusform>通話履歴（不在着信%n件）</numerusform>
        </translation>
    </message>
    <message>
        <source>Call history</source>
        <translation>通話履歴</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>着信</translation>
    </message>
    <message>
        <source>Missed call from {who}</source>
        <translation>{who}からの不在着信</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>保留中</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>{number} · {title}</source>
        <translation>{number}・{title}</translation>
    </message>
    <message>
        <source>Choose the SR for the call of {time} with {who}; its note goes there.</source>
        <translation>{time} の {who} との通話のSRを選んでください。メモはそのSRに移ります。</translation>
    </message>
    <message>
        <source>The call is now on {number}.</source>
        <translation>通話を {number} に紐付けました。</translation>
    </message>
    <message numerus="yes">
        <source>Note draft saved (%n character(s))</source>
        <translation>
            <numerusform>メモの下書きを保存しました（%n文字）</numerusform>
        </translation>
    </message>
    <message>
        <source>This call has no SR: its note is kept with the call in the history. Attach it to an SR there (right-click the call).</source>
        <translation>この通話にはSRがありません。メモは通話履歴の通話に保存されています。履歴から（通話を右クリック）SRに紐付けてください。</translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) saved to {number}.</source>
        <translation>
            <numerusform>{number} にメモを%n件保存しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>診断情報を保存</translation>
    </message>
    <message>
        <source>Zip archives (*.zip)</source>
        <translation>Zip アーカイブ (*.zip)</translation>
    </message>
    <message>
        <source>Collecting diagnostics…</source>
        <translation>診断情報を収集しています…</translation>
    </message>
    <message>
        <source>Diagnostics saved to {path}; passwords were removed.</source>
        <translation>診断情報を {path} に保存しました。パスワードは除去されています。</translation>
    </message>
    <message>
        <source>The diagnostics could not be saved: {detail}</source>
        <translation>診断情報を保存できませんでした: {detail}</translation>
    </message>
    <message>
        <source>Choose the SR for the call with {who}.</source>
        <translation>{who} との通話のSRを選んでください。</translation>
    </message>
    <message>
        <source>CaseLine cannot dial this link: {link}</source>
        <translation>このリンクには発信できません: {link}</translation>
    </message>
    <message>
        <source>Call?</source>
        <translation>発信しますか？</translation>
    </message>
    <message>
        <source>Call {number}?</source>
        <translation>{number} に発信しますか？</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>発信</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>CaseLine — {state}</source>
        <translation>CaseLine — {state}</translation>
    </message>
    <message>
        <source>Calls cannot reach you</source>
        <translation>着信を受けられません</translation>
    </message>
    <message>
        <source>The case database is working again.</source>
        <translation>案件データベースは正常に戻りました。</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>スピーカー</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>ヘッドセット</translation>
    </message>
    <message>
        <source>Talking on the speaker (hands-free). Click to switch to the headset.</source>
        <translation>スピーカー（ハンズフリー）で通話中です。クリックするとヘッドセットに切り替えます。</translation>
    </message>
    <message>
        <source>Talking on the headset. Click to switch to the speaker (hands-free).</source>
        <translation>ヘッドセットで通話中です。クリックするとスピーカー（ハンズフリー）に切り替えます。</translation>
    </message>
    <message>
        <source>Sound device</source>
        <translation>オーディオデバイス</translation>
    </message>
</context>
<context>
    <name>MissedCallNotice</name>
    <message>
        <source>a withheld number</source>
        <translation>非通知の番号</translation>
    </message>
    <message>
        <source>Missed call from {who}</source>
        <translation>{who} からの不在着信</translation>
    </message>
    <message numerus="yes">
        <source>%n missed calls</source>
        <translation>
            <numerusform>不在着信 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Latest: {caller}</source>
        <translation>最新: {caller}</translation>
    </message>
    <message>
        <source>{details}
Click here to call back {who}.</source>
        <translation>{details}
ここをクリックすると {who} に折り返し電話します。</translation>
    </message>
    <message>
        <source>Call back {who}</source>
        <translation>{who} に折り返し電話</translation>
    </message>
</context>
<context>
    <name>ModePage</name>
    <message>
        <source>How will you take calls?</source>
        <translation>通話の方法を選んでください</translation>
    </message>
    <message>
        <source>&amp;Connect to my phone system</source>
        <translation>電話システムに接続する(&amp;C)</translation>
    </message>
    <message>
        <source>Connect to my phone system</source>
        <translation>電話システムに接続する</translation>
    </message>
    <message>
        <source>Your company&apos;s PBX or a SIP provider. You need the server address, your user name or extension and your password.</source>
        <translation>社内のPBXまたはSIPプロバイダーに接続します。サーバーアドレス、ユーザー名または内線番号、パスワードが必要です。</translation>
    </message>
    <message>
        <source>&amp;Try with demo data — no phone system needed</source>
        <translation>デモデータで試す(&amp;T) — 電話システムは不要</translation>
    </message>
    <message>
        <source>Try with demo data</source>
        <translation>デモデータで試す</translation>
    </message>
    <message>
        <source>Explore CaseLine with sample customers and service requests; other phones on your network can call you directly.</source>
        <translation>サンプルの顧客とサービスリクエストでCaseLineを試せます。ネットワーク上の他の電話から直接着信を受けることもできます。</translation>
    </message>
</context>
<context>
    <name>NewCaseForm</name>
    <message>
        <source>New SR</source>
        <translation>新規SR</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>会社</translation>
    </message>
    <message>
        <source>C&amp;ontact</source>
        <translation>担当者(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>タイトル(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>説明(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>優先度(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>キュー(&amp;Q)</translation>
    </message>
    <message>
        <source>Confirmed with the &amp;caller</source>
        <translation>お客様と確認済み(&amp;C)</translation>
    </message>
    <message>
        <source>Contact name</source>
        <translation>担当者名</translation>
    </message>
    <message>
        <source>The caller&apos;s name, if they gave it</source>
        <translation>お客様のお名前（伺った場合）</translation>
    </message>
    <message>
        <source>The caller&apos;s language</source>
        <translation>お客様の言語</translation>
    </message>
    <message>
        <source>SR title</source>
        <translation>SRのタイトル</translation>
    </message>
    <message>
        <source>In a few words: what is the problem?</source>
        <translation>どのような問題か、簡潔に入力してください</translation>
    </message>
    <message>
        <source>SR description</source>
        <translation>SRの説明</translation>
    </message>
    <message>
        <source>SR priority</source>
        <translation>SRの優先度</translation>
    </message>
    <message>
        <source>Priority confirmed with the caller</source>
        <translation>優先度をお客様と確認済み</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>&amp;Save SR (Ctrl+S)</source>
        <translation>SRを保存(&amp;S) (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save the new SR</source>
        <translation>新規SRを保存</translation>
    </message>
    <message>
        <source>New SR for {caller}</source>
        <translation>{caller}の新規SR</translation>
    </message>
    <message>
        <source>no number</source>
        <translation>番号なし</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>Their next call from this number will find this SR.</source>
        <translation>次回この番号から着信すると、このSRが表示されます。</translation>
    </message>
    <message>
        <source>A title is required.</source>
        <translation>タイトルは必須です。</translation>
    </message>
    <message>
        <source>The title is too long ({count} of at most {limit} characters).</source>
        <translation>タイトルが長すぎます（{count}文字、最大{limit}文字）。</translation>
    </message>
</context>
<context>
    <name>NoteLanguage</name>
    <message>
        <source>Note written in {language}</source>
        <translation>メモの言語：{language}</translation>
    </message>
    <message>
        <source>The language the note is written in: it follows the text until you pick one.</source>
        <translation>メモが書かれている言語。選択するまでは入力内容から自動で判定します。</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>How did the callback go?</source>
        <translation>折り返しの結果は？</translation>
    </message>
    <message>
        <source>Callback to {who} ({number})</source>
        <translation>{who}（{number}）への折り返し</translation>
    </message>
    <message>
        <source>&amp;Outcome</source>
        <translation>結果(&amp;O)</translation>
    </message>
    <message>
        <source>Call &amp;again at</source>
        <translation>次にかける日時(&amp;A)</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>記録</translation>
    </message>
</context>
<context>
    <name>OverdueCallbackModel</name>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Overdue by</source>
        <translation>超過時間</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>エージェント</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>SR title</source>
        <translation>SR の件名</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <source>{duration} (over an hour)</source>
        <translation>{duration}（1時間超）</translation>
    </message>
    <message>
        <source>Overdue by more than an hour</source>
        <translation>期限を1時間以上過ぎています</translation>
    </message>
</context>
<context>
    <name>OverdueCallbacks</name>
    <message>
        <source>less than 1 min</source>
        <translation>1分未満</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days}日{hours}時間</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours}時間{minutes}分</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes}分</translation>
    </message>
</context>
<context>
    <name>OverdueCallbacksTab</name>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>{error} The list below is from {time}.</source>
        <translation>{error} 下の一覧は {time} 時点のものです。</translation>
    </message>
    <message>
        <source>Longest waiting first. Updated at {time}.</source>
        <translation>待ち時間の長い順。{time} に更新。</translation>
    </message>
    <message numerus="yes">
        <source>Only the %n longest waiting are shown.</source>
        <translation>
            <numerusform>待ち時間の長い %n 件のみ表示しています。</numerusform>
        </translation>
    </message>
    <message>
        <source>Overdue &amp;callbacks</source>
        <translation>期限超過の折り返し(&amp;C)</translation>
    </message>
    <message numerus="yes">
        <source>Overdue &amp;callbacks (%n)</source>
        <translation>
            <numerusform>期限超過の折り返し (%n)(&amp;C)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>更新(&amp;R)</translation>
    </message>
    <message>
        <source>Read the overdue callbacks again (they are read every minute while this window is open)</source>
        <translation>期限超過の折り返しを読み直します（このウィンドウが開いている間は毎分読み込みます）</translation>
    </message>
    <message>
        <source>No overdue callbacks</source>
        <translation>期限超過の折り返しはありません</translation>
    </message>
    <message>
        <source>Your team&apos;s overdue callbacks</source>
        <translation>チームの期限超過の折り返し</translation>
    </message>
</context>
<context>
    <name>QueueWatch</name>
    <message>
        <source>Past target time</source>
        <translation>目標時間超過</translation>
    </message>
    <message>
        <source>Language not taken here</source>
        <translation>対応外の言語</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>担当者なし</translation>
    </message>
    <message>
        <source>Priority not confirmed</source>
        <translation>優先度未確認</translation>
    </message>
    <message>
        <source>Translation overdue</source>
        <translation>翻訳遅延</translation>
    </message>
    <message>
        <source>No recent update</source>
        <translation>更新なし</translation>
    </message>
    <message>
        <source>(no queue)</source>
        <translation>(キューなし)</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>理由を入力してください。</translation>
    </message>
    <message>
        <source>The reason is too long.</source>
        <translation>理由が長すぎます。</translation>
    </message>
    <message>
        <source>Choose a queue.</source>
        <translation>キューを選んでください。</translation>
    </message>
    <message>
        <source>The SR is already in that queue.</source>
        <translation>この SR はすでにそのキューにあります。</translation>
    </message>
    <message>
        <source>You own this SR already.</source>
        <translation>この SR はすでにあなたの担当です。</translation>
    </message>
    <message>
        <source>This SR is escalated already.</source>
        <translation>この SR はすでにエスカレーション済みです。</translation>
    </message>
    <message>
        <source>The SR changed since the watch showed it; look again.</source>
        <translation>表示後に SR が変更されました。もう一度確認してください。</translation>
    </message>
</context>
<context>
    <name>QueueWatchView</name>
    <message>
        <source>The queue watch could not be read: {reason}</source>
        <translation>キュー監視を読み込めませんでした: {reason}</translation>
    </message>
    <message>
        <source>{queue} · {language} ({count})</source>
        <translation>{queue} · {language}({count})</translation>
    </message>
    <message numerus="yes">
        <source>%n with exceptions</source>
        <translation>
            <numerusform>例外 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>(なし)</translation>
    </message>
    <message>
        <source>Status {status}; last update {updated}; target {due}</source>
        <translation>状態 {status}、最終更新 {updated}、目標 {due}</translation>
    </message>
    <message>
        <source>Not synced yet: this PC&apos;s own SRs only</source>
        <translation>未同期: この PC の SR のみ</translation>
    </message>
    <message>
        <source>As of {time} (last sync)</source>
        <translation>{time} 時点(最終同期)</translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) with exceptions</source>
        <translation>
            <numerusform>例外のある SR %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>No exceptions in the team&apos;s queues.</source>
        <translation>チームのキューに例外はありません。</translation>
    </message>
    <message>
        <source>No open SRs in the team&apos;s queues.</source>
        <translation>チームのキューに未完了の SR はありません。</translation>
    </message>
    <message>
        <source>Who is signed in is not known yet; try again.</source>
        <translation>サインイン中の担当者がまだ分かりません。もう一度お試しください。</translation>
    </message>
    <message>
        <source>Took ownership from {owner} (queue watch).</source>
        <translation>{owner} から担当を引き継ぎました(キュー監視)。</translation>
    </message>
    <message>
        <source>Took ownership (queue watch).</source>
        <translation>担当になりました(キュー監視)。</translation>
    </message>
    <message>
        <source>{number}: yours now.</source>
        <translation>{number}: あなたの担当になりました。</translation>
    </message>
    <message>
        <source>Route {number} from {queue} to:</source>
        <translation>{number} を {queue} から振り分け:</translation>
    </message>
    <message>
        <source>Escalate {number}: why?</source>
        <translation>{number} をエスカレーション: 理由は?</translation>
    </message>
    <message>
        <source>{number} routed to {queue}.</source>
        <translation>{number} を {queue} に振り分けました。</translation>
    </message>
    <message>
        <source>Routed from {old} to {new} (queue watch). Reason:</source>
        <translation>{old} から {new} に振り分け(キュー監視)。理由:</translation>
    </message>
    <message>
        <source>{number} escalated.</source>
        <translation>{number} をエスカレーションしました。</translation>
    </message>
    <message>
        <source>Escalated (queue watch). Reason:</source>
        <translation>エスカレーション(キュー監視)。理由:</translation>
    </message>
    <message>
        <source>Open the SR</source>
        <translation>SR を開く</translation>
    </message>
    <message>
        <source>Take ownership</source>
        <translation>担当になる</translation>
    </message>
    <message>
        <source>Route…</source>
        <translation>振り分け…</translation>
    </message>
    <message>
        <source>Escalate…</source>
        <translation>エスカレーション…</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>例外</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>Queue watch: the team&apos;s SRs by queue and language, exceptions first</source>
        <translation>キュー監視: チームの SR をキューと言語別に、例外を先に表示</translation>
    </message>
    <message>
        <source>&amp;Take</source>
        <translation>担当(&amp;T)</translation>
    </message>
    <message>
        <source>Take ownership of the selected SR</source>
        <translation>選択した SR の担当になる</translation>
    </message>
    <message>
        <source>&amp;Route…</source>
        <translation>振り分け(&amp;R)…</translation>
    </message>
    <message>
        <source>Move the SR to another queue, with a reason</source>
        <translation>理由を付けて SR を別のキューに移す</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>エスカレーション(&amp;E)…</translation>
    </message>
    <message>
        <source>Escalate the SR, with a reason</source>
        <translation>理由を付けて SR をエスカレーションする</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>&amp;Queue</source>
        <translation>キュー(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>理由(&amp;R)</translation>
    </message>
    <message>
        <source>Reason, noted on the SR</source>
        <translation>理由(SR に記録されます)</translation>
    </message>
    <message>
        <source>Route the SR</source>
        <translation>SR の振り分け</translation>
    </message>
    <message>
        <source>Queue to route to</source>
        <translation>振り分け先のキュー</translation>
    </message>
    <message>
        <source>Escalate the SR</source>
        <translation>SR のエスカレーション</translation>
    </message>
</context>
<context>
    <name>Ringer</name>
    <message>
        <source>Your sound file {file} could not be played; the standard sound is used.</source>
        <translation>サウンドファイル {file} を再生できません。標準のサウンドを使用します。</translation>
    </message>
    <message>
        <source>The sound {file} could not be played.</source>
        <translation>サウンド {file} を再生できません。</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>Schedule a callback</source>
        <translation>折り返しを予定</translation>
    </message>
    <message>
        <source>&amp;When</source>
        <translation>日時(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Number</source>
        <translation>番号(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>理由(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>予定する</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Allow an unencrypted connection to the central database</source>
        <translation>中央データベースへの暗号化しない接続を許可</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>TLS (encrypted)</source>
        <translation>TLS（暗号化）</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>When the other side supports it</source>
        <translation>相手が対応していれば使う</translation>
    </message>
    <message>
        <source>Required (refuse unencrypted calls)</source>
        <translation>必須（暗号化されない通話は拒否）</translation>
    </message>
    <message>
        <source>Enter a name for this account.</source>
        <translation>このアカウントの名前を入力してください。</translation>
    </message>
    <message>
        <source>Another account already has this name.</source>
        <translation>この名前は別のアカウントで使用されています。</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, for example pbx.example.com.</source>
        <translation>サーバーのアドレスを入力してください（例: pbx.example.com）。</translation>
    </message>
    <message>
        <source>This is not a server address. Use host or host:port, for example pbx.example.com:5060.</source>
        <translation>サーバーアドレスとして正しくありません。host または host:port の形式で入力してください（例: pbx.example.com:5060）。</translation>
    </message>
    <message>
        <source>Enter your user name or extension.</source>
        <translation>ユーザー名または内線番号を入力してください。</translation>
    </message>
    <message>
        <source>Enter only the user part (for example 1001), without @, : or spaces.</source>
        <translation>ユーザー部分のみを入力してください（例: 1001）。@、:、スペースは使用できません。</translation>
    </message>
    <message>
        <source>This is not a SIP domain. Use a host name such as example.com.</source>
        <translation>SIPドメインとして正しくありません。example.com のようなホスト名を入力してください。</translation>
    </message>
    <message>
        <source>This is not a STUN server address. Use host or host:port, for example stun.example.com:3478.</source>
        <translation>STUNサーバーのアドレスとして正しくありません。host または host:port の形式で入力してください（例: stun.example.com:3478）。</translation>
    </message>
    <message>
        <source>This is not a TURN server address. Use host or host:port, for example turn.example.com:3478.</source>
        <translation>TURNサーバーのアドレスではありません。ホスト名またはホスト名:ポートの形で入力してください（例: turn.example.com:3478）。</translation>
    </message>
    <message>
        <source>Enter the user name the TURN server gave you.</source>
        <translation>TURNサーバーのユーザー名を入力してください。</translation>
    </message>
    <message>
        <source>This version of CaseLine can reach a TURN server over UDP only: its SIP library crashes with TURN over TCP or TLS.</source>
        <translation>このバージョンの CaseLine が TURN サーバーに接続できるのは UDP だけです。SIP ライブラリが TCP や TLS 経由の TURN でクラッシュするためです。</translation>
    </message>
    <message>
        <source>Required encryption needs the TLS transport: the keys travel with the call setup, which only TLS protects.</source>
        <translation>暗号化を必須にするには TLS トランスポートが必要です。暗号鍵は通話の接続手順と一緒に送られ、それを守れるのは TLS だけです。</translation>
    </message>
    <message>
        <source>Enter 0 (off) to 3600 seconds.</source>
        <translation>0（オフ）から 3600 秒までの値を入力してください。</translation>
    </message>
    <message>
        <source>Enter the password. It is stored in the system keyring.</source>
        <translation>パスワードを入力してください。パスワードはシステムのキーリングに保存されます。</translation>
    </message>
    <message>
        <source>Enter the full path of the file, or leave the field empty for the default location.</source>
        <translation>ファイルのフルパスを入力してください。既定の場所を使う場合は空欄のままにしてください。</translation>
    </message>
    <message>
        <source>The system keyring is locked. Unlock it and try again; nothing was saved and your changes are still here.</source>
        <translation>システムのキーリングがロックされています。ロックを解除してもう一度お試しください。何も保存されていませんが、変更内容はそのまま残っています。</translation>
    </message>
    <message>
        <source>No usable system keyring was found, so the password could not be stored. CaseLine keeps passwords only in the system keyring (GNOME Keyring or KWallet, macOS Keychain, Windows Credential Manager): start or unlock it and try again. Nothing was saved.</source>
        <translation>使用できるシステムのキーリングが見つからないため、パスワードを保存できませんでした。CaseLineはパスワードをシステムのキーリング（GNOME KeyringまたはKWallet、macOSのキーチェーン、Windowsの資格情報マネージャー）にのみ保存します。キーリングを起動するかロックを解除して、もう一度お試しください。何も保存されていません。</translation>
    </message>
    <message>
        <source>The system keyring refused to store the password ({reason}). Nothing was saved; try again.</source>
        <translation>システムのキーリングがパスワードの保存を拒否しました（{reason}）。何も保存されていません。もう一度お試しください。</translation>
    </message>
    <message>
        <source>The case database location {path} is a folder. Choose a file in it, for example caseline.db.</source>
        <translation>案件データベースの場所 {path} はフォルダーです。フォルダー内のファイル（例: caseline.db）を指定してください。</translation>
    </message>
    <message>
        <source>The settings could not be written to {path} ({reason}). Your changes are still here; try again.</source>
        <translation>設定を {path} に書き込めませんでした（{reason}）。変更内容はそのまま残っています。もう一度お試しください。</translation>
    </message>
    <message>
        <source>The settings could not be saved ({reason}). Your changes are still here; try again.</source>
        <translation>設定を保存できませんでした（{reason}）。変更内容はそのまま残っています。もう一度お試しください。</translation>
    </message>
    <message>
        <source>Remove the password from the URL (write role@host, not role:password@host) and type it in the Password field instead: it is stored in the system keyring, never in the settings file.</source>
        <translation>URL からパスワードを削除し（role:password@host ではなく role@host と書きます）、パスワードは［パスワード］欄に入力してください。パスワードはシステムのキーリングに保存され、設定ファイルには書き込まれません。</translation>
    </message>
    <message>
        <source>This is not a PostgreSQL URL. Use postgresql://role@host:5432/database, for example postgresql://alice@db.example.com:5432/caseline.</source>
        <translation>PostgreSQL の URL ではありません。postgresql://ロール@ホスト:5432/データベース の形式で入力してください（例: postgresql://alice@db.example.com:5432/caseline）。</translation>
    </message>
    <message>
        <source>Put the database role before the host: postgresql://role@host:5432/database.</source>
        <translation>ホストの前にデータベースのロールを入れてください（postgresql://ロール@ホスト:5432/データベース）。</translation>
    </message>
    <message>
        <source>The system keyring is locked, so the stored password could not be tried. Unlock it, or type the password, and test again.</source>
        <translation>システムのキーリングがロックされているため、保存済みのパスワードで接続を試せませんでした。キーリングのロックを解除するか、パスワードを入力してから、もう一度テストしてください。</translation>
    </message>
    <message>
        <source>No usable system keyring was found, so no stored password could be tried. Type the password and test again.</source>
        <translation>使用できるシステムのキーリングが見つからないため、保存済みのパスワードで接続を試せませんでした。パスワードを入力して、もう一度テストしてください。</translation>
    </message>
    <message>
        <source>The system keyring could not be read ({reason}), so the stored password could not be tried.</source>
        <translation>システムのキーリングを読み取れなかったため（{reason}）、保存済みのパスワードで接続を試せませんでした。</translation>
    </message>
    <message>
        <source>The connection test failed.</source>
        <translation>接続テストに失敗しました。</translation>
    </message>
    <message>
        <source>Opus (wideband)</source>
        <translation>Opus（広帯域）</translation>
    </message>
    <message>
        <source>G.722 (wideband)</source>
        <translation>G.722（広帯域）</translation>
    </message>
    <message>
        <source>G.711 μ-law (PCMU)</source>
        <translation>G.711 μ-law（PCMU）</translation>
    </message>
    <message>
        <source>G.711 A-law (PCMA)</source>
        <translation>G.711 A-law（PCMA）</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>新しいアカウント</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>システムの既定</translation>
    </message>
    <message>
        <source>{device} (not connected)</source>
        <translation>{device}（未接続）</translation>
    </message>
    <message>
        <source>Case database file</source>
        <translation>案件データベースファイル</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SQLiteデータベース (*.db *.sqlite *.sqlite3);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>A password for {role} is stored in the system keyring. Leave the field empty to keep it.</source>
        <translation>{role} のパスワードはシステムのキーリングに保存されています。そのまま使う場合は、この欄を空欄のままにしてください。</translation>
    </message>
    <message>
        <source>No password for {role} is stored on this PC yet: type it here.</source>
        <translation>このPCには {role} のパスワードがまだ保存されていません。ここに入力してください。</translation>
    </message>
    <message>
        <source>Connected: the central database accepted {role} and the password.</source>
        <translation>接続できました。中央データベースが {role} とパスワードを受け付けました。</translation>
    </message>
    <message>
        <source>Some account fields need attention; nothing was saved.</source>
        <translation>アカウントの一部の項目を確認してください。何も保存されていません。</translation>
    </message>
    <message>
        <source>The database location needs attention; nothing was saved.</source>
        <translation>データベースの場所を確認してください。何も保存されていません。</translation>
    </message>
    <message>
        <source>The central database URL needs attention; nothing was saved.</source>
        <translation>中央データベースの URL を確認してください。何も保存されていません。</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>保存する変更はありません。</translation>
    </message>
    <message>
        <source>Saved. The system keyring could not delete the password of {names}; remove it with your keyring manager.</source>
        <translation>保存しました。システムのキーリングから{names}のパスワードを削除できませんでした。キーリングの管理ツールで削除してください。</translation>
    </message>
    <message>
        <source>Settings saved. The central database changes apply the next time CaseLine starts.</source>
        <translation>設定を保存しました。中央データベースの変更は CaseLine の次回起動時に反映されます。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>設定を保存しました。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>オーディオ</translation>
    </message>
    <message>
        <source>You and language</source>
        <translation>ユーザーと言語</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>データベース</translation>
    </message>
    <message>
        <source>Central database</source>
        <translation>中央データベース</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>設定ページ</translation>
    </message>
    <message>
        <source>{page} ({keys})</source>
        <translation>{page} ({keys})</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>追加(&amp;A)</translation>
    </message>
    <message>
        <source>Add an account ({keys})</source>
        <translation>アカウントを追加 ({keys})</translation>
    </message>
    <message>
        <source>Add an account</source>
        <translation>アカウントを追加</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>削除(&amp;M)</translation>
    </message>
    <message>
        <source>Remove the selected account (Delete)</source>
        <translation>選択したアカウントを削除 (Delete)</translation>
    </message>
    <message>
        <source>Remove the selected account</source>
        <translation>選択したアカウントを削除</translation>
    </message>
    <message>
        <source>No phone system account yet. Press Add to connect to your phone system; without one, CaseLine still takes direct calls.</source>
        <translation>電話システムのアカウントはまだありません。［追加］を押して電話システムに接続してください。アカウントがなくても、CaseLineは直接着信を受けられます。</translation>
    </message>
    <message>
        <source>&amp;Microphone:</source>
        <translation>マイク(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Speaker:</source>
        <translation>スピーカー(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Ringing device:</source>
        <translation>着信音の出力先(&amp;R):</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>マイク</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>スピーカー</translation>
    </message>
    <message>
        <source>Ringing device</source>
        <translation>着信音の出力先</translation>
    </message>
    <message>
        <source>The ringing device can be loudspeakers, so you hear calls with the headset off.</source>
        <translation>着信音の出力先をスピーカーにすると、ヘッドセットを外していても着信に気付けます。</translation>
    </message>
    <message>
        <source>Microphone level:</source>
        <translation>マイク音量レベル:</translation>
    </message>
    <message>
        <source>Echo &amp;test</source>
        <translation>エコーテスト(&amp;T)</translation>
    </message>
    <message>
        <source>Echo test</source>
        <translation>エコーテスト</translation>
    </message>
    <message>
        <source>Records 3 seconds from the microphone, then plays them back on the speaker.</source>
        <translation>マイクから3秒間録音し、スピーカーで再生します。</translation>
    </message>
    <message>
        <source>Check your headset before a call.</source>
        <translation>通話の前にヘッドセットを確認できます。</translation>
    </message>
    <message>
        <source>&amp;Echo cancellation</source>
        <translation>エコーキャンセル(&amp;E)</translation>
    </message>
    <message>
        <source>Echo cancellation</source>
        <translation>エコーキャンセル</translation>
    </message>
    <message>
        <source>&amp;Noise suppression</source>
        <translation>ノイズ抑制(&amp;N)</translation>
    </message>
    <message>
        <source>Noise suppression</source>
        <translation>ノイズ抑制</translation>
    </message>
    <message>
        <source>Done by the phone engine on its own sound devices (Windows, macOS). Where speech goes through the system&apos;s sound server (Linux), choose the server&apos;s echo-cancelled microphone and speaker instead (PipeWire or PulseAudio echo-cancel).</source>
        <translation>電話エンジンが自身のオーディオデバイスで処理します（Windows、macOS）。音声がシステムのサウンドサーバーを経由する環境（Linux）では、代わりにサーバー側のエコーキャンセル済みマイクとスピーカーを選択してください（PipeWire または PulseAudio の echo-cancel）。</translation>
    </message>
    <message>
        <source>C&amp;odecs, best first:</source>
        <translation>コーデック（優先順）(&amp;O):</translation>
    </message>
    <message>
        <source>Codecs, best first</source>
        <translation>コーデック（優先順）</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上へ(&amp;U)</translation>
    </message>
    <message>
        <source>Move the codec up</source>
        <translation>コーデックの優先度を上げる</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>下へ(&amp;D)</translation>
    </message>
    <message>
        <source>Move the codec down</source>
        <translation>コーデックの優先度を下げる</translation>
    </message>
    <message>
        <source>Calls use the first codec in this list that the other side also has; codecs not listed stay available after these. Opus is used only where the SIP stack includes it.</source>
        <translation>通話では、この一覧のうち相手側も対応している最初のコーデックが使われます。一覧にないコーデックも、これらの後で使用できます。Opus は SIP スタックが対応している場合のみ使われます。</translation>
    </message>
    <message>
        <source>Codec, echo cancellation and noise suppression changes apply after CaseLine restarts.</source>
        <translation>コーデック、エコーキャンセル、ノイズ抑制の変更は CaseLine の再起動後に反映されます。</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Your notes are signed with it. When CaseLine syncs with a central database, the name your team leader gave you there is used instead.</source>
        <translation>メモの記入者名として使われます。中央データベースと同期している場合は、チームリーダーがそこで設定した名前が使われます。</translation>
    </message>
    <message>
        <source>Language of the CaseLine window:</source>
        <translation>CaseLineの表示言語:</translation>
    </message>
    <message>
        <source>The new language applies when you press OK or Apply.</source>
        <translation>新しい言語は［OK］または［適用］を押すと反映されます。</translation>
    </message>
    <message>
        <source>&amp;Start CaseLine when I log in (in the tray)</source>
        <translation>ログイン時に CaseLine を起動する（トレイに常駐）(&amp;S)</translation>
    </message>
    <message>
        <source>Start CaseLine when I log in</source>
        <translation>ログイン時に CaseLine を起動する</translation>
    </message>
    <message>
        <source>Case database &amp;file:</source>
        <translation>案件データベースファイル(&amp;F):</translation>
    </message>
    <message>
        <source>Default: {path}</source>
        <translation>既定: {path}</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>参照(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose the case database file</source>
        <translation>案件データベースファイルを選択</translation>
    </message>
    <message>
        <source>CaseLine opens the database at this location the next time it starts. The current file is neither moved nor copied. Leave the field empty for the default location.</source>
        <translation>CaseLineは次回の起動時にこの場所のデータベースを開きます。現在のファイルは移動もコピーもされません。既定の場所を使う場合は空欄のままにしてください。</translation>
    </message>
    <message>
        <source>Central database &amp;URL:</source>
        <translation>中央データベースの URL(&amp;U):</translation>
    </message>
    <message>
        <source>Central database URL</source>
        <translation>中央データベースの URL</translation>
    </message>
    <message>
        <source>postgresql://role@host:5432/database (empty: this PC only)</source>
        <translation>postgresql://ロール@ホスト:5432/データベース（空欄: このPCのみ）</translation>
    </message>
    <message>
        <source>Set by the environment variable {name}, which takes precedence over this setting: change it there.</source>
        <translation>環境変数 {name} で設定されており、この設定より優先されます。変更は環境変数で行ってください。</translation>
    </message>
    <message>
        <source>{title}: on. The administrator set allow_insecure in the settings file: a server on another machine may be reached without TLS, and what is sent can be read on the way.</source>
        <translation>{title}: オン。管理者が設定ファイルで allow_insecure を設定しています。別のマシンのサーバーに TLS なしで接続することがあり、送信内容は途中で読み取られる可能性があります。</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>パスワード(&amp;P):</translation>
    </message>
    <message>
        <source>Central database password</source>
        <translation>中央データベースのパスワード</translation>
    </message>
    <message>
        <source>Stored only in the system keyring</source>
        <translation>システムのキーリングにのみ保存されます</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>接続テスト(&amp;T)</translation>
    </message>
    <message>
        <source>Test the connection to the central database</source>
        <translation>中央データベースへの接続をテスト</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>CaseLine syncs this PC&apos;s call log, SRs and notes with your team&apos;s central database. Leave the URL empty to work on this PC only. Connection options such as sslmode=verify-full go at the end of the URL, after a question mark. The password is kept in the system keyring, never in the settings file. Changes apply the next time CaseLine starts.</source>
        <translation>CaseLine は、このPCの通話履歴・SR・メモをチームの中央データベースと同期します。このPCだけで使う場合は URL を空欄にしてください。sslmode=verify-full などの接続オプションは、URL の末尾の疑問符（?）の後に付けます。パスワードはシステムのキーリングに保存され、設定ファイルには書き込まれません。変更は CaseLine の次回起動時に反映されます。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存中…</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>保存中</translation>
    </message>
    <message>
        <source>Save and close</source>
        <translation>保存して閉じる</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>保存せずに閉じる</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Choose a disposition in wrap-up</source>
        <translation>後処理で対応区分を選択</translation>
    </message>
    <message>
        <source>Finish wrap-up / add note</source>
        <translation>後処理を完了／メモを追加</translation>
    </message>
    <message>
        <source>Save the SR</source>
        <translation>SRを保存</translation>
    </message>
    <message>
        <source>Call the first due callback</source>
        <translation>最初の期限の折り返しに発信</translation>
    </message>
</context>
<context>
    <name>SpeechPath</name>
    <message>
        <source>The speaker or headset “{device}” is gone. Sound now plays on the system&apos;s default device.</source>
        <translation>スピーカーまたはヘッドセット「{device}」が取り外されました。音声はシステムの既定のデバイスで再生されます。</translation>
    </message>
    <message>
        <source>The microphone “{device}” is gone. The system&apos;s default microphone is used now.</source>
        <translation>マイク「{device}」が取り外されました。システムの既定のマイクを使用します。</translation>
    </message>
    <message>
        <source>The speaker could not be opened: you cannot hear the caller. Check the sound device in Settings.</source>
        <translation>スピーカーを開けませんでした。発信者の声が聞こえません。設定でオーディオデバイスを確認してください。</translation>
    </message>
    <message>
        <source>The microphone could not be opened: the caller cannot hear you. Check the sound device in Settings.</source>
        <translation>マイクを開けませんでした。発信者にあなたの声が届きません。設定でオーディオデバイスを確認してください。</translation>
    </message>
</context>
<context>
    <name>StatePicker</name>
    <message>
        <source>{state}: {reason}</source>
        <translation>{state}: {reason}</translation>
    </message>
    <message>
        <source>Your state: {state}</source>
        <translation>現在の状態: {state}</translation>
    </message>
    <message>
        <source>Ringing, on a call and wrap-up follow your calls.</source>
        <translation>「着信中」「通話中」「後処理」は通話に応じて自動で切り替わります。</translation>
    </message>
</context>
<context>
    <name>StatusUpdatesView</name>
    <message numerus="yes">
        <source>%n SR(s) left to call</source>
        <translation>
            <numerusform>残り %n 件の SR</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting on the customer, untouched for &amp;days:</source>
        <translation>顧客の回答待ちで更新のない日数(&amp;D):</translation>
    </message>
    <message>
        <source>Days without a change, note or call</source>
        <translation>変更・メモ・通話のない日数</translation>
    </message>
    <message>
        <source>SRs needing a status update, oldest first</source>
        <translation>状況確認が必要な SR（古い順）</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>件名</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Last touched</source>
        <translation>最終更新</translation>
    </message>
    <message>
        <source>Start &amp;over</source>
        <translation>最初から(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Next call</source>
        <translation>次の電話(&amp;N)</translation>
    </message>
    <message>
        <source>Call the next SR of the run</source>
        <translation>一覧の次の SR に発信</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>The central database cannot be reached (this PC is offline or the server is down).</source>
        <translation>中央データベースに接続できません（このPCがオフラインか、サーバーが停止しています）。</translation>
    </message>
    <message>
        <source>The central database refused the sign-in (wrong role or password).</source>
        <translation>中央データベースがサインインを拒否しました（ロールまたはパスワードが正しくありません）。</translation>
    </message>
    <message>
        <source>The secure connection to the central database failed (its certificate could not be verified).</source>
        <translation>中央データベースへの安全な接続に失敗しました（証明書を検証できませんでした）。</translation>
    </message>
    <message>
        <source>No password for the central database is stored on this PC.</source>
        <translation>このPCには中央データベースのパスワードが保存されていません。</translation>
    </message>
    <message>
        <source>The central database was set up by a newer CaseLine: update CaseLine on this PC.</source>
        <translation>中央データベースは新しいバージョンの CaseLine で作成されています。このPCの CaseLine を更新してください。</translation>
    </message>
    <message>
        <source>Sync failed.</source>
        <translation>同期に失敗しました。</translation>
    </message>
    <message>
        <source>{old} is now {new}: that number was already taken centrally.</source>
        <translation>{old} は {new} になりました（その番号は中央で既に使われていました）。</translation>
    </message>
    <message>
        <source>{old} is now {new}: the centre confirmed the provisional number.</source>
        <translation>{old} は {new} になりました: センターが仮番号を確定しました。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>同期中…</translation>
    </message>
    <message numerus="yes">
        <source>Offline — %n waiting</source>
        <translation>
            <numerusform>オフライン — %n 件待機中</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>オフライン</translation>
    </message>
    <message>
        <source>Sync problem</source>
        <translation>同期エラー</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to sync</source>
        <translation>
            <numerusform>同期待ち %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation>同期済み {time}</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>未同期</translation>
    </message>
    <message>
        <source>Central database</source>
        <translation>中央データベース</translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) changed here and centrally at the same time: click the red part to choose which values to keep.</source>
        <translation>
            <numerusform>%n 件のSRがこのPCと中央で同時に変更されました。赤い部分をクリックして、残す値を選んでください。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) on this PC not yet sent.</source>
        <translation>
            <numerusform>このPCの変更 %n 件が未送信です。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every change on this PC has been sent.</source>
        <translation>このPCの変更はすべて送信済みです。</translation>
    </message>
    <message>
        <source>Last synced: {time}</source>
        <translation>最終同期: {time}</translation>
    </message>
    <message>
        <source>Not synced yet.</source>
        <translation>まだ同期していません。</translation>
    </message>
    <message>
        <source>Last problem ({time}): {problem}</source>
        <translation>直近のエラー（{time}）: {problem}</translation>
    </message>
    <message>
        <source>Last problem: {problem}</source>
        <translation>直近のエラー: {problem}</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) refused by the central database: they stay on this PC until they are changed.</source>
        <translation>
            <numerusform>中央データベースに受け付けられなかったレコードが %n 件あります。変更されるまでこのPCに保持されます。</numerusform>
        </translation>
    </message>
    <message>
        <source>Syncing now…</source>
        <translation>同期しています…</translation>
    </message>
    <message>
        <source>Click to sync now.</source>
        <translation>クリックすると今すぐ同期します。</translation>
    </message>
    <message>
        <source>Central database sync: {state}</source>
        <translation>中央データベースとの同期: {state}</translation>
    </message>
    <message numerus="yes">
        <source>%n SR conflict(s)</source>
        <translation>
            <numerusform>SRの競合 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>今すぐ同期</translation>
    </message>
    <message>
        <source>Resolve SR conflicts…</source>
        <translation>SRの競合を解決…</translation>
    </message>
</context>
<context>
    <name>Team</name>
    <message>
        <source>Free</source>
        <translation>空き</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>呼出中</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>通話中</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>離席中</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>オフライン</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>チームのメンバー</translation>
    </message>
    <message>
        <source>{name} — {lamp}</source>
        <translation>{name} — {lamp}</translation>
    </message>
</context>
<context>
    <name>TeamConsole</name>
    <message>
        <source>The team console is for team leaders: the central database does not give it to this sign-in.</source>
        <translation>チームコンソールはチームリーダー専用です。中央データベースはこのサインインに使用を許可していません。</translation>
    </message>
    <message>
        <source>The file could not be written: {reason}</source>
        <translation>ファイルを書き込めませんでした: {reason}</translation>
    </message>
    <message>
        <source>The central database could not answer.</source>
        <translation>中央データベースから応答がありませんでした。</translation>
    </message>
    <message>
        <source>“{zone}” is not a time zone: choose one, or type a name such as Asia/Tokyo.</source>
        <translation>「{zone}」はタイムゾーンではありません。一覧から選ぶか、Asia/Tokyo のような名前を入力してください。</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel ブック (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV, one file per table (*.csv)</source>
        <translation>CSV、表ごとに 1 ファイル (*.csv)</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>キャンセルしています…</translation>
    </message>
    <message>
        <source>Reading from the central database: {rows} rows</source>
        <translation>中央データベースから読み込み中: {rows} 行</translation>
    </message>
    <message>
        <source>Writing the file: {rows} rows</source>
        <translation>ファイルに書き込み中: {rows} 行</translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>ダイヤルパッド</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通話数</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>応答数</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>不在着信数</translation>
    </message>
    <message>
        <source>Average talk time</source>
        <translation>平均通話時間</translation>
    </message>
    <message>
        <source>Resolved on first call</source>
        <translation>一次解決率</translation>
    </message>
    <message>
        <source>Answered calls on an SR with no further contact on that SR within {days} days: no later call from the customer, answered or not, and no later call to them that they answered. Your team leader&apos;s figures count the same way, with your colleagues&apos; calls too. A call of today counts as resolved until such a contact follows.</source>
        <translation>SR 上で応答した通話のうち、{days} 日以内に同じ SR への次の連絡がなかったものの割合です。次の連絡とは、お客様からのその後の着信（応答の有無を問わず）と、お客様が応答したその後の発信です。チームリーダーの数値も同じ数え方で、同僚の通話も含みます。今日の通話は、そうした連絡があるまでは解決として数えられます。</translation>
    </message>
    <message>
        <source>Today&apos;s calls</source>
        <translation>今日の通話</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Blind transfer</source>
        <translation>ブラインド転送</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>転送先</translation>
    </message>
    <message>
        <source>Number, extension or SIP address</source>
        <translation>番号、内線番号、SIPアドレス</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>転送</translation>
    </message>
    <message>
        <source>Transfer the caller to:</source>
        <translation>通話の転送先:</translation>
    </message>
</context>
<context>
    <name>TranslateDialog</name>
    <message>
        <source>Type the translation first.</source>
        <translation>先に訳文を入力してください。</translation>
    </message>
    <message>
        <source>The translation is too long.</source>
        <translation>訳文が長すぎます。</translation>
    </message>
    <message>
        <source>Translate: {direction}</source>
        <translation>翻訳: {direction}</translation>
    </message>
    <message>
        <source>Original ({language})</source>
        <translation>原文（{language}）</translation>
    </message>
    <message>
        <source>Original text</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>&amp;Translation ({language})</source>
        <translation>訳文（{language}）(&amp;T)</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>訳文</translation>
    </message>
</context>
<context>
    <name>TranslationQueueView</name>
    <message>
        <source>The translation queue could not be read: {reason}</source>
        <translation>翻訳キューを読み込めませんでした: {reason}</translation>
    </message>
    <message>
        <source>Nothing waits for a translation.</source>
        <translation>翻訳待ちはありません。</translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) waiting for a translation, oldest first.</source>
        <translation>
            <numerusform>%n 件が翻訳待ちです（古い順）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>依頼日時</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>依頼者</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>Translation queue, oldest first</source>
        <translation>翻訳キュー（古い順）</translation>
    </message>
    <message>
        <source>&amp;Open and translate</source>
        <translation>開いて翻訳(&amp;O)</translation>
    </message>
</context>
<context>
    <name>Translations</name>
    <message>
        <source>Needs translation into {language}</source>
        <translation>{language}への翻訳を依頼</translation>
    </message>
    <message>
        <source>{source} → {target}</source>
        <translation>{source} → {target}</translation>
    </message>
</context>
<context>
    <name>TranslationsPanel</name>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>SR description</source>
        <translation>SR の説明</translation>
    </message>
    <message>
        <source>{what} · {language}</source>
        <translation>{what} · {language}</translation>
    </message>
    <message>
        <source>Waiting for a translation into {language} since {time} (asked by {name})</source>
        <translation>{time} から{language}への翻訳待ち（依頼者: {name}）</translation>
    </message>
    <message>
        <source>Waiting for a translation into {language} since {time}</source>
        <translation>{time} から{language}への翻訳待ち</translation>
    </message>
    <message>
        <source>{language} · {author} · {time}</source>
        <translation>{language} · {author} · {time}</translation>
    </message>
    <message>
        <source>{language} · {time}</source>
        <translation>{language} · {time}</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>訳文</translation>
    </message>
    <message>
        <source>Translations: each original beside its translation</source>
        <translation>翻訳: 原文と訳文を並べて表示</translation>
    </message>
    <message>
        <source>&amp;Translate…</source>
        <translation>翻訳(&amp;T)…</translation>
    </message>
    <message>
        <source>Translate the selected text</source>
        <translation>選択したテキストを翻訳</translation>
    </message>
    <message>
        <source>Description needs translation</source>
        <translation>説明の翻訳を依頼</translation>
    </message>
    <message>
        <source>Puts the SR&apos;s description in the translation queue. To ask for a note, right-click it in Notes.</source>
        <translation>SR の説明を翻訳キューに追加します。メモの翻訳を依頼するには、「メモ」でメモを右クリックしてください。</translation>
    </message>
    <message>
        <source>Nothing to translate yet. Right-click a note in Notes to ask for a translation.</source>
        <translation>翻訳するものはまだありません。翻訳を依頼するには、「メモ」でメモを右クリックしてください。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to CaseLine</source>
        <translation>CaseLineへようこそ</translation>
    </message>
    <message>
        <source>CaseLine answers and places your calls and keeps each one with its service request. A few questions, and you are ready to take calls.</source>
        <translation>CaseLineは通話の応答と発信を行い、各通話をサービスリクエストと紐付けて記録します。いくつかの質問に答えるだけで、通話を受けられるようになります。</translation>
    </message>
    <message>
        <source>Language of the CaseLine window:</source>
        <translation>CaseLineの表示言語:</translation>
    </message>
    <message>
        <source>Your &amp;name, as your notes are signed:</source>
        <translation>名前(&amp;N)（メモの記入者名）:</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>With a central database, the name your team leader gave you there is used.</source>
        <translation>中央データベースを使う場合は、チームリーダーがそこで設定した名前が使われます。</translation>
    </message>
</context>
<context>
    <name>WrapUpPanel</name>
    <message>
        <source>{time} left</source>
        <translation>残り {time}</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>後処理</translation>
    </message>
    <message>
        <source>&amp;Disposition (1–9)</source>
        <translation>対応区分(&amp;D) (1–9)</translation>
    </message>
    <message>
        <source>&amp;Last note for the SR</source>
        <translation>SRへの最終メモ(&amp;L)</translation>
    </message>
    <message>
        <source>Done — back to available (Ctrl+Enter)</source>
        <translation>完了 — 受付可に戻る (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>対応区分</translation>
    </message>
    <message>
        <source>Last note</source>
        <translation>最終メモ</translation>
    </message>
    <message>
        <source>Optional: what was agreed, next steps. Kept if the timer runs out.</source>
        <translation>任意：合意した内容、次の対応。タイマーが切れても保存されます。</translation>
    </message>
    <message>
        <source>Finish wrap-up</source>
        <translation>後処理を完了</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>No usable keyring: {detail}. CaseLine keeps passwords only in the system keyring (GNOME Keyring/KWallet on Linux, Keychain on macOS, Credential Manager on Windows); start or unlock it and try again.</source>
        <translation>使用できるキーリングがありません: {detail}。CaseLine はパスワードをシステムのキーリング（Linux では GNOME Keyring/KWallet、macOS ではキーチェーン、Windows では資格情報マネージャー）にのみ保存します。キーリングを起動するかロックを解除してから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>OK      {step}: {detail}</source>
        <translation>OK      {step}: {detail}</translation>
    </message>
    <message>
        <source>FAILED  {step}: {detail}</source>
        <translation>失敗    {step}: {detail}</translation>
    </message>
    <message>
        <source>Self-test passed (%n steps).</source>
        <translation>セルフテストに合格しました（%n 項目）。</translation>
    </message>
    <message>
        <source>Self-test failed at step {step} (%n failing).</source>
        <translation>セルフテストは {step} で失敗しました（失敗 %n 項目）。</translation>
    </message>
    <message>
        <source>Qt started without a platform plugin: the bundle lacks Qt&apos;s platforms folder.</source>
        <translation>Qt がプラットフォームプラグインなしで起動しました。バンドルに Qt の platforms フォルダーがありません。</translation>
    </message>
    <message>
        <source>Qt {version} on the {platform} platform</source>
        <translation>Qt {version}（{platform} プラットフォーム）</translation>
    </message>
    <message>
        <source>The {language} translation does not load from {path}.</source>
        <translation>{language} の翻訳を {path} から読み込めません。</translation>
    </message>
    <message>
        <source>A new store stopped at revision {revision}, not {head}: migrations are missing.</source>
        <translation>新しいストアがリビジョン {head} ではなく {revision} で止まりました。マイグレーションが欠けています。</translation>
    </message>
    <message>
        <source>a new store migrated to revision {revision}</source>
        <translation>新しいストアをリビジョン {revision} まで移行しました</translation>
    </message>
    <message>
        <source>The central database&apos;s migrations are missing from {path}.</source>
        <translation>中央データベースのマイグレーションが {path} にありません。</translation>
    </message>
    <message>
        <source>PostgreSQL client library {libpq}; central schema revision {head}</source>
        <translation>PostgreSQL クライアントライブラリ {libpq}、中央スキーマのリビジョン {head}</translation>
    </message>
    <message>
        <source>No safe system keyring ({backend}): passwords cannot be kept. Run `caseline doctor` to see which service to start.</source>
        <translation>安全なシステムのキーリングがありません（{backend}）。パスワードを保存できません。`caseline doctor` を実行すると、起動すべきサービスがわかります。</translation>
    </message>
    <message>
        <source>The keyring ({backend}) did not keep a test secret: {detail}</source>
        <translation>キーリング（{backend}）がテスト用の秘密情報を保存できませんでした: {detail}</translation>
    </message>
    <message>
        <source>The SIP engine&apos;s call to itself got no further than waiting for {what} ({seconds} s).</source>
        <translation>SIP エンジンの自分自身への発信は、{what}を待つところから進みませんでした（{seconds} 秒）。</translation>
    </message>
    <message>
        <source>the incoming call</source>
        <translation>着信</translation>
    </message>
    <message>
        <source>the answer</source>
        <translation>応答</translation>
    </message>
    <message>
        <source>the tone</source>
        <translation>トーン</translation>
    </message>
    <message>
        <source>the hang-up</source>
        <translation>切断</translation>
    </message>
    <message>
        <source>another secret came back</source>
        <translation>別の秘密情報が返されました</translation>
    </message>
    <message>
        <source>The SIP engine&apos;s call to itself connected, but no sound came through (level {rms}).</source>
        <translation>SIP エンジンの自分自身への通話はつながりましたが、音声が届きませんでした（レベル {rms}）。</translation>
    </message>
    <message>
        <source>a call to itself over loopback carried the tone (level {rms})</source>
        <translation>ループバックでの自分自身への通話でトーンが届きました（レベル {rms}）</translation>
    </message>
    <message>
        <source>The keyring is locked: unlock it and try again ({detail}).</source>
        <translation>キーリングがロックされています。ロックを解除してから、もう一度お試しください（{detail}）。</translation>
    </message>
    <message>
        <source>The keyring refused the operation: {detail}</source>
        <translation>キーリングが操作を拒否しました: {detail}</translation>
    </message>
    <message>
        <source>Configuration problem ({code}): {detail}</source>
        <translation>設定に問題があります（{code}）: {detail}</translation>
    </message>
    <message>
        <source>An account named {name!r} already exists; remove it first.</source>
        <translation>{name!r} という名前のアカウントは既にあります。先に削除してください。</translation>
    </message>
    <message>
        <source>No account named {name!r}.</source>
        <translation>{name!r} という名前のアカウントはありません。</translation>
    </message>
    <message>
        <source>The password is empty; nothing was stored.</source>
        <translation>パスワードが空です。何も保存していません。</translation>
    </message>
    <message>
        <source>No accounts. Add one with: caseline account add --server S --user U</source>
        <translation>アカウントがありません。次のコマンドで追加できます: caseline account add --server S --user U</translation>
    </message>
    <message>
        <source>Account {name!r} saved in {path}; its password is in the keyring.</source>
        <translation>アカウント {name!r} を {path} に保存しました。パスワードはキーリングに保存されています。</translation>
    </message>
    <message>
        <source>Account {name!r} removed.</source>
        <translation>アカウント {name!r} を削除しました。</translation>
    </message>
    <message>
        <source>The SIP engine could not start ({code}): {detail}</source>
        <translation>SIP エンジンを起動できませんでした（{code}）: {detail}</translation>
    </message>
    <message>
        <source>The case database {path} is locked by another program ({detail}). Close the other CaseLine window or tool using it and try again; nothing was written.</source>
        <translation>案件データベース {path} は別のプログラムがロックしています（{detail}）。このデータベースを使用している他の CaseLine ウィンドウまたはツールを閉じてから、もう一度お試しください。何も書き込んでいません。</translation>
    </message>
    <message>
        <source>The case database {path} is damaged ({detail}). The newest backup is {backup}; restore it with: caseline db restore {backup}</source>
        <translation>案件データベース {path} が破損しています（{detail}）。最新のバックアップは {backup} です。次のコマンドで復元できます: caseline db restore {backup}</translation>
    </message>
    <message>
        <source>The case database {path} is damaged ({detail}) and there is no backup. Move the file aside to start an empty one, or copy it for repair.</source>
        <translation>案件データベース {path} が破損しており（{detail}）、バックアップもありません。空のデータベースで始めるにはファイルを別の場所に移動してください。修復する場合はファイルをコピーしてください。</translation>
    </message>
    <message>
        <source>The case database {path} cannot be written: {detail}</source>
        <translation>案件データベース {path} に書き込めません: {detail}</translation>
    </message>
    <message>
        <source>The case database {path} was written by a newer CaseLine (schema {detail}); update CaseLine to open it.</source>
        <translation>案件データベース {path} は新しいバージョンの CaseLine で書き込まれています（スキーマ {detail}）。開くには CaseLine を更新してください。</translation>
    </message>
    <message>
        <source>The case database {path} failed: {detail}</source>
        <translation>案件データベース {path} でエラーが発生しました: {detail}</translation>
    </message>
    <message>
        <source>The case database {path} could not be migrated ({detail}); it was left as it was.</source>
        <translation>案件データベース {path} を移行できませんでした（{detail}）。データベースは元のままです。</translation>
    </message>
    <message>
        <source>There is no case database at {path}.</source>
        <translation>{path} に案件データベースがありません。</translation>
    </message>
    <message>
        <source>{path}: schema {revision}.</source>
        <translation>{path}: スキーマ {revision}。</translation>
    </message>
    <message>
        <source>A copy from before the migration is in {backup}.</source>
        <translation>移行前のコピーは {backup} にあります。</translation>
    </message>
    <message>
        <source>{path} restored from {backup}; the damaged file was kept next to it.</source>
        <translation>{path} を {backup} から復元しました。破損したファイルは同じ場所に残してあります。</translation>
    </message>
    <message>
        <source>Demo data loaded into {path}: {customers} customers, {contacts} contacts, {cases} SRs, {call_logs} calls, {notes} notes.</source>
        <translation>デモデータを {path} に読み込みました: 顧客 {customers} 社、担当者 {contacts} 人、SR {cases} 件、通話 {call_logs} 件、メモ {notes} 件。</translation>
    </message>
    <message>
        <source>{path} already holds data; no demo data added.</source>
        <translation>{path} には既にデータがあります。デモデータは追加していません。</translation>
    </message>
    <message>
        <source>Not a date: {text!r} (use YYYY-MM-DD).</source>
        <translation>日付ではありません: {text!r}（YYYY-MM-DD の形式で指定してください）。</translation>
    </message>
    <message>
        <source>No calls.</source>
        <translation>通話はありません。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>日時 (UTC)</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>発着信</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>通話相手</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>対応区分</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>通話時間</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>オペレーター</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>開始日時</translation>
    </message>
    <message>
        <source>UTC offset</source>
        <translation>UTCとの時差</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>終了日時</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>Number (E.164)</source>
        <translation>番号 (E.164)</translation>
    </message>
    <message>
        <source>Caller ID name</source>
        <translation>相手の表示名</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>会社</translation>
    </message>
    <message>
        <source>SR title</source>
        <translation>SRのタイトル</translation>
    </message>
    <message>
        <source>Disposition code</source>
        <translation>対応区分コード</translation>
    </message>
    <message>
        <source>Ringing (s)</source>
        <translation>呼出時間 (秒)</translation>
    </message>
    <message>
        <source>Talk (s)</source>
        <translation>通話時間 (秒)</translation>
    </message>
    <message>
        <source>Hold (s)</source>
        <translation>保留時間 (秒)</translation>
    </message>
    <message>
        <source>SR found by</source>
        <translation>SRの特定方法</translation>
    </message>
    <message>
        <source>End reason</source>
        <translation>終了理由</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>SIP Call-ID</source>
        <translation>SIP Call-ID</translation>
    </message>
    <message>
        <source>Call log ID</source>
        <translation>通話記録ID</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通話履歴</translation>
    </message>
    <message>
        <source>Inbound</source>
        <translation>着信</translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation>発信</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>応答済み</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>不在着信</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>拒否</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>接続失敗</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>転送済み</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>取り消し</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>通話中</translation>
    </message>
    <message>
        <source>Withheld number</source>
        <translation>非通知</translation>
    </message>
    <message>
        <source>rang {duration}</source>
        <translation>呼出 {duration}</translation>
    </message>
    <message>
        <source>An xlsx file is not for the terminal: give --output FILE.xlsx, or redirect the output to a file.</source>
        <translation>xlsx ファイルは端末には出力できません。--output ファイル名.xlsx を指定するか、出力をファイルにリダイレクトしてください。</translation>
    </message>
    <message>
        <source>Could not write {path}: {detail}</source>
        <translation>{path} に書き込めませんでした: {detail}</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) exported to {path}.</source>
        <translation>
            <numerusform>%n 件の通話を {path} に書き出しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>No retention is set ([audio] recording_retention_days); give --days to sweep anyway.</source>
        <translation>保存期間が設定されていません（[audio] recording_retention_days）。それでも削除するには --days を指定してください。</translation>
    </message>
    <message numerus="yes">
        <source>%n recording(s) older than {days} days deleted from {path}; call logs kept.</source>
        <translation>
            <numerusform>{days} 日より古い録音 %n 件を {path} から削除しました。通話履歴は残しています。</numerusform>
        </translation>
    </message>
    <message>
        <source>Password for {aor}: </source>
        <translation>{aor} のパスワード: </translation>
    </message>
    <message>
        <source>Central database {url} is ready (schema {revision}): roles caseline_agent and caseline_leader, row-level security on.</source>
        <translation>中央データベース {url} の準備ができました（スキーマ {revision}）。ロール caseline_agent と caseline_leader、行レベルセキュリティ有効。</translation>
    </message>
    <message>
        <source>Team {name!r} saved; its queues: {queues}.</source>
        <translation>チーム {name!r} を保存しました。キュー: {queues}</translation>
    </message>
    <message>
        <source>Call-log months are ready {ahead} months ahead ({made} added).</source>
        <translation>通話ログの月パーティションを {ahead} か月先まで用意しました（追加 {made} 件）。</translation>
    </message>
    <message>
        <source>Team leaders may listen in on their team&apos;s calls (the agent always sees it).</source>
        <translation>チームリーダーはチームの通話をモニタリングできます（エージェントには常に表示されます）。</translation>
    </message>
    <message>
        <source>Listening in is switched off: no leader can monitor a call.</source>
        <translation>モニタリングは無効です。リーダーは通話をモニタリングできません。</translation>
    </message>
    <message>
        <source>Team {name!r} saved; it has no queues yet (add them with --queue).</source>
        <translation>チーム {name!r} を保存しました。キューはまだありません（--queue で追加します）。</translation>
    </message>
    <message>
        <source>Agent {name!r} can now sign in to the central database as {role!r} (team {team!r}).</source>
        <translation>エージェント {name!r} は中央データベースに {role!r} としてサインインできます（チーム {team!r}）。</translation>
    </message>
    <message>
        <source>Team leader {name!r} can now sign in to the central database as {role!r} and read the call logs, notes and agent states of team {team!r}.</source>
        <translation>チームリーダー {name!r} は中央データベースに {role!r} としてサインインし、チーム {team!r} の通話履歴・メモ・エージェント状態を閲覧できます。</translation>
    </message>
    <message>
        <source>Database role {role!r} updated: {name!r}, team {team!r}; the new password applies from the next sign-in.</source>
        <translation>データベースロール {role!r} を更新しました: {name!r}、チーム {team!r}。新しいパスワードは次回のサインインから有効です。</translation>
    </message>
    <message>
        <source>Database password for {role}: </source>
        <translation>{role} のデータベースパスワード: </translation>
    </message>
    <message>
        <source>Repeat the password: </source>
        <translation>パスワードをもう一度入力: </translation>
    </message>
    <message>
        <source>The two passwords differ; nothing was changed.</source>
        <translation>2 つのパスワードが一致しません。何も変更していません。</translation>
    </message>
    <message>
        <source>Not a PostgreSQL URL: {where} (use postgresql://user@host:5432/database).</source>
        <translation>PostgreSQL の URL ではありません: {where}（postgresql://user@host:5432/database の形式で指定してください）。</translation>
    </message>
    <message>
        <source>Cannot connect to the central database {where}: {detail}</source>
        <translation>中央データベース {where} に接続できません: {detail}</translation>
    </message>
    <message>
        <source>{where}: the role {detail!r} is not a PostgreSQL superuser; administering the central database needs the database administrator&apos;s URL.</source>
        <translation>{where}: ロール {detail!r} は PostgreSQL のスーパーユーザーではありません。中央データベースの管理にはデータベース管理者の URL が必要です。</translation>
    </message>
    <message>
        <source>The central database {where} has no CaseLine schema yet; create it with: caseline central init --url URL</source>
        <translation>中央データベース {where} にはまだ CaseLine のスキーマがありません。次のコマンドで作成します: caseline central init --url URL</translation>
    </message>
    <message>
        <source>The central database {where} has schema {detail}; bring it up to date with: caseline central init --url URL</source>
        <translation>中央データベース {where} のスキーマは {detail} です。次のコマンドで最新にします: caseline central init --url URL</translation>
    </message>
    <message>
        <source>The central database {where} has schema {detail}, written by a newer CaseLine; update CaseLine.</source>
        <translation>中央データベース {where} のスキーマ {detail} は新しいバージョンの CaseLine によるものです。CaseLine を更新してください。</translation>
    </message>
    <message>
        <source>No team named {detail!r}; add it first with: caseline central add-team --url URL NAME</source>
        <translation>{detail!r} という名前のチームはありません。先に次のコマンドで追加します: caseline central add-team --url URL NAME</translation>
    </message>
    <message>
        <source>The database role {detail!r} already exists and is not a CaseLine agent; choose another role name.</source>
        <translation>データベースロール {detail!r} は既に存在し、CaseLine のエージェントではありません。別のロール名を指定してください。</translation>
    </message>
    <message>
        <source>{where!r} cannot be an agent&apos;s database role (empty, longer than 63 bytes, reserved, or beginning with pg_).</source>
        <translation>{where!r} はエージェントのデータベースロールに使えません（空、63 バイト超、予約名、または pg_ で始まる名前）。</translation>
    </message>
    <message>
        <source>Not a usable name: {where!r} (empty, too long, or containing a NUL character).</source>
        <translation>使用できない名前です: {where!r}（空、長すぎる、または NUL 文字を含みます）。</translation>
    </message>
    <message>
        <source>The central database {where} refused the sign-in: check the role and the password (caseline sync --set-password). {detail}</source>
        <translation>中央データベース {where} がサインインを拒否しました。ロールとパスワードを確認してください（caseline sync --set-password）。{detail}</translation>
    </message>
    <message>
        <source>No secure connection to the central database {where}: {detail}</source>
        <translation>中央データベース {where} に安全に接続できません: {detail}</translation>
    </message>
    <message>
        <source>The central database {where} is on another machine and the URL does not ask for a verified secure connection, so nothing was sent. Add sslmode=verify-full&amp;sslrootcert=FILE (the certificate of the CA that signed the server&apos;s) to the URL&apos;s options. Only if the administrator accepts an unencrypted connection: set allow_insecure = true under [central] in the settings file.</source>
        <translation>中央データベース {where} は別のマシンにあり、URL が検証済みの安全な接続を求めていないため、何も送信していません。URL のオプションに sslmode=verify-full&amp;sslrootcert=FILE(サーバー証明書に署名した CA の証明書)を追加してください。管理者が暗号化しない接続を認める場合に限り、設定ファイルの [central] に allow_insecure = true を設定してください。</translation>
    </message>
    <message>
        <source>The central database {where} is on another machine and the URL does not ask for a verified secure connection, so the superuser&apos;s password was not sent. Add sslmode=verify-full&amp;sslrootcert=FILE to the URL, or give --allow-insecure if you accept an unencrypted connection.</source>
        <translation>中央データベース {where} は別のマシン上にあり、URL が検証済みの安全な接続を求めていないため、スーパーユーザーのパスワードは送信しませんでした。URL に sslmode=verify-full&amp;sslrootcert=FILE を追加するか、暗号化されない接続を認める場合は --allow-insecure を指定してください。</translation>
    </message>
    <message>
        <source>No password for {where} in the keyring; store it with: caseline sync --set-password</source>
        <translation>キーリングに {where} のパスワードがありません。次のコマンドで保存してください: caseline sync --set-password</translation>
    </message>
    <message>
        <source>No central database is configured: set [central] url in {path} or CASELINE_CENTRAL_URL.</source>
        <translation>中央データベースが設定されていません。{path} の [central] url か CASELINE_CENTRAL_URL を設定してください。</translation>
    </message>
    <message>
        <source>The password for {where} is now in the keyring.</source>
        <translation>{where} のパスワードをキーリングに保存しました。</translation>
    </message>
    <message>
        <source>Sync done: {pushed} sent, {pulled} received, {queued} waiting.</source>
        <translation>同期完了: 送信 {pushed} 件、受信 {pulled} 件、待機 {queued} 件。</translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) were changed here and centrally: choose the values to keep in CaseLine.</source>
        <translation>
            <numerusform>%n 件のSRがこのPCと中央の両方で変更されました。CaseLine で残す値を選んでください。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) were refused by the central database and wait here; see the sync status in CaseLine.</source>
        <translation>
            <numerusform>%n 件の変更が中央データベースに拒否され、このPCで待機しています。CaseLine の同期状態を確認してください。</numerusform>
        </translation>
    </message>
    <message>
        <source>{old} is now {new}: that SR number was already taken centrally.</source>
        <translation>{old} は {new} になりました（そのSR番号は中央で既に使われていました）。</translation>
    </message>
    <message>
        <source>The central database {where} refused: {detail}</source>
        <translation>中央データベース {where} が拒否しました: {detail}</translation>
    </message>
    <message>
        <source>The days must be YYYY-MM-DD, the first not after the last: {first} to {last}.</source>
        <translation>日付は YYYY-MM-DD で、開始日は終了日より後にできません: {first} から {last}。</translation>
    </message>
    <message>
        <source>Unknown time zone {tz!r}: give an IANA name such as Asia/Tokyo.</source>
        <translation>不明なタイムゾーン {tz!r}: Asia/Tokyo のような IANA 名を指定してください。</translation>
    </message>
    <message>
        <source>No team named {team!r}.</source>
        <translation>{team!r} という名前のチームはありません。</translation>
    </message>
    <message>
        <source>You are not the leader of team {team!r}: its figures are not yours to read.</source>
        <translation>あなたはチーム {team!r} のリーダーではないため、その数値は閲覧できません。</translation>
    </message>
    <message>
        <source>Only a team leader may read KPIs: the configured role is an agent&apos;s.</source>
        <translation>KPI を閲覧できるのはチームリーダーだけです。設定されたロールはエージェントのものです。</translation>
    </message>
    <message>
        <source>Cannot write {path}: {detail}</source>
        <translation>{path} に書き込めません: {detail}</translation>
    </message>
    <message>
        <source>Report written: {paths}</source>
        <translation>レポートを書き出しました: {paths}</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>PROBLEM</source>
        <translation>問題あり</translation>
    </message>
    <message>
        <source>Everything checked works.</source>
        <translation>確認した項目はすべて正常です。</translation>
    </message>
    <message>
        <source>Some checks failed: each line marked PROBLEM says what to do.</source>
        <translation>一部の確認に失敗しました。「問題あり」の行に対処方法が書かれています。</translation>
    </message>
    <message>
        <source>The system keyring works ({detail}).</source>
        <translation>システムのキーリングは正常です（{detail}）。</translation>
    </message>
    <message>
        <source>No usable system keyring ({detail}), so CaseLine cannot keep passwords. On this desktop use GNOME Keyring: install the gnome-keyring package, then log out and in again (or start it now with: gnome-keyring-daemon --start --components=secrets). Then run caseline doctor again.</source>
        <translation>使用できるシステムのキーリングがありません（{detail}）。このため CaseLine はパスワードを保存できません。このデスクトップでは GNOME Keyring を使います。gnome-keyring パッケージをインストールし、ログアウトして再ログインしてください（今すぐ起動するには: gnome-keyring-daemon --start --components=secrets）。その後、もう一度 caseline doctor を実行してください。</translation>
    </message>
    <message>
        <source>No usable system keyring ({detail}), so CaseLine cannot keep passwords. On KDE use KWallet: turn it on in System Settings &gt; KDE Wallet (packages kwalletmanager and kwalletd6 or kwalletd5), then run caseline doctor again.</source>
        <translation>使用できるシステムのキーリングがありません（{detail}）。このため CaseLine はパスワードを保存できません。KDE では KWallet を使います。システム設定 &gt; KDE ウォレット で有効にしてください（パッケージ kwalletmanager と kwalletd6 または kwalletd5）。その後、もう一度 caseline doctor を実行してください。</translation>
    </message>
    <message>
        <source>No usable system keyring ({detail}), so CaseLine cannot keep passwords. Install KeePassXC and turn on its Secret Service integration (Tools &gt; Settings &gt; Secret Service Integration), or install GNOME Keyring; then run caseline doctor again.</source>
        <translation>使用できるシステムのキーリングがありません（{detail}）。このため CaseLine はパスワードを保存できません。KeePassXC をインストールして Secret Service 連携を有効にするか（ツール &gt; 設定 &gt; Secret Service 連携）、GNOME Keyring をインストールしてください。その後、もう一度 caseline doctor を実行してください。</translation>
    </message>
    <message>
        <source>The system keyring is locked ({detail}): unlock it, then run caseline doctor again.</source>
        <translation>システムのキーリングがロックされています（{detail}）。ロックを解除してから、もう一度 caseline doctor を実行してください。</translation>
    </message>
    <message>
        <source>The system keyring does not work ({detail}): restart it or log in again, then run caseline doctor again.</source>
        <translation>システムのキーリングが動作していません（{detail}）。再起動するか再ログインしてから、もう一度 caseline doctor を実行してください。</translation>
    </message>
    <message>
        <source>No SIP account is set up: only direct calls work. Add one in Settings or with: caseline account add --server S --user U</source>
        <translation>SIP アカウントが設定されていません。直接通話のみ使えます。設定で追加するか、次のコマンドで追加してください: caseline account add --server S --user U</translation>
    </message>
    <message>
        <source>The server address {detail!r} cannot be used: write it as host or host:port.</source>
        <translation>サーバーアドレス {detail!r} は使用できません。ホスト名 または ホスト名:ポート の形で入力してください。</translation>
    </message>
    <message>
        <source>The server name {host} was found ({detail}).</source>
        <translation>サーバー名 {host} が見つかりました（{detail}）。</translation>
    </message>
    <message>
        <source>The server name {host} does not exist (DNS: {detail}). Check the server address in the account for a typing error.</source>
        <translation>サーバー名 {host} は存在しません（DNS: {detail}）。アカウントのサーバーアドレスに入力ミスがないか確認してください。</translation>
    </message>
    <message>
        <source>No DNS server answered for {host} ({detail}). Check the network connection and the DNS settings.</source>
        <translation>{host} について DNS サーバーから応答がありません（{detail}）。ネットワーク接続と DNS の設定を確認してください。</translation>
    </message>
    <message>
        <source>The server name {host} could not be looked up ({detail}). Check the network connection and the DNS settings.</source>
        <translation>サーバー名 {host} を調べられませんでした（{detail}）。ネットワーク接続と DNS の設定を確認してください。</translation>
    </message>
    <message>
        <source>A connection to {host}:{port} ({detail}) was opened.</source>
        <translation>{host}:{port} への接続（{detail}）が確立しました。</translation>
    </message>
    <message>
        <source>{host}:{port} refused the connection: nothing takes SIP on that port. Check the port and the transport (UDP, TCP, TLS) with your phone system&apos;s administrator.</source>
        <translation>{host}:{port} が接続を拒否しました。このポートでは SIP を受け付けていません。ポートとトランスポート（UDP、TCP、TLS）を電話システムの管理者に確認してください。</translation>
    </message>
    <message>
        <source>There is no network route to {host}:{port} ({detail}). Check the network cable, Wi-Fi or VPN.</source>
        <translation>{host}:{port} へのネットワーク経路がありません（{detail}）。ネットワークケーブル、Wi-Fi、VPN を確認してください。</translation>
    </message>
    <message>
        <source>{host}:{port} did not answer the connection attempt: a firewall may drop it, or the address is wrong.</source>
        <translation>{host}:{port} が接続に応答しませんでした。ファイアウォールに遮断されているか、アドレスが間違っている可能性があります。</translation>
    </message>
    <message>
        <source>The connection to {host}:{port} failed: {detail}</source>
        <translation>{host}:{port} への接続に失敗しました: {detail}</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is valid; the connection is encrypted ({detail}).</source>
        <translation>サーバー証明書は有効で、接続は暗号化されています（{detail}）。</translation>
    </message>
    <message>
        <source>The certificate of {host}:{port} has expired ({detail}). The phone system&apos;s administrator must renew it.</source>
        <translation>{host}:{port} の証明書の有効期限が切れています（{detail}）。電話システムの管理者による更新が必要です。</translation>
    </message>
    <message>
        <source>The certificate of {host}:{port} is not valid yet ({detail}). Check this PC&apos;s date and time.</source>
        <translation>{host}:{port} の証明書はまだ有効になっていません（{detail}）。この PC の日付と時刻を確認してください。</translation>
    </message>
    <message>
        <source>The certificate of {host}:{port} is made out to another name ({detail}). Use the name on the certificate as the server address, or ask the administrator for a certificate with this name.</source>
        <translation>{host}:{port} の証明書は別の名前に対して発行されています（{detail}）。証明書に書かれた名前をサーバーアドレスに使うか、この名前の証明書を管理者に依頼してください。</translation>
    </message>
    <message>
        <source>The certificate of {host}:{port} comes from an unknown authority ({detail}). Set the CA certificate your administrator gives you ([sip] tls_ca_file, or Settings).</source>
        <translation>{host}:{port} の証明書は不明な認証局によるものです（{detail}）。管理者から受け取った CA 証明書を設定してください（[sip] tls_ca_file または設定画面）。</translation>
    </message>
    <message>
        <source>The TLS certificate files in the settings cannot be read: {detail}</source>
        <translation>設定にある TLS 証明書ファイルを読み込めません: {detail}</translation>
    </message>
    <message>
        <source>No secure connection (TLS) to {host}:{port}: {detail}. Check that this is the server&apos;s TLS port.</source>
        <translation>{host}:{port} と安全な接続（TLS）ができません: {detail}。これがサーバーの TLS ポートか確認してください。</translation>
    </message>
    <message>
        <source>{host}:{port} does not answer over UDP but does over TCP: UDP is blocked on the way. Set the account&apos;s transport to TCP or TLS.</source>
        <translation>{host}:{port} は UDP では応答せず、TCP では応答します。途中で UDP が遮断されています。アカウントのトランスポートを TCP または TLS にしてください。</translation>
    </message>
    <message>
        <source>The registrar {host}:{port} did not answer ({detail}). Check the address and port; a firewall may drop SIP.</source>
        <translation>レジストラ {host}:{port} から応答がありません（{detail}）。アドレスとポートを確認してください。ファイアウォールが SIP を遮断している可能性があります。</translation>
    </message>
    <message>
        <source>The registrar asks for a password and the keyring holds none for this account: enter it in Settings (Accounts).</source>
        <translation>レジストラがパスワードを求めていますが、キーリングにこのアカウントのパスワードがありません。設定（アカウント）で入力してください。</translation>
    </message>
    <message>
        <source>The registrar asks for a password, which CaseLine keeps in the system keyring: get the keyring working first (see its line above).</source>
        <translation>レジストラがパスワードを求めていますが、CaseLine はパスワードをシステムのキーリングに保存します。まずキーリングを使える状態にしてください（上の行を参照）。</translation>
    </message>
    <message>
        <source>The registrar refused the user name or the password ({status} {detail}). Check both in Settings (Accounts); the authentication user may differ from the extension.</source>
        <translation>レジストラがユーザー名またはパスワードを拒否しました（{status} {detail}）。設定（アカウント）で両方を確認してください。認証ユーザーは内線番号と異なる場合があります。</translation>
    </message>
    <message>
        <source>The registrar refused the registration: {status} {detail}. Ask your phone system&apos;s administrator whether this account may register from here.</source>
        <translation>レジストラが登録を拒否しました: {status} {detail}。このアカウントがここから登録できるか、電話システムの管理者に確認してください。</translation>
    </message>
    <message>
        <source>The registrar {host}:{port} answered something that is not SIP: {detail}</source>
        <translation>レジストラ {host}:{port} が SIP ではない応答を返しました: {detail}</translation>
    </message>
    <message>
        <source>Registered with {host}:{port} and unregistered again: the account works.</source>
        <translation>{host}:{port} に登録し、登録を解除しました。アカウントは正常です。</translation>
    </message>
    <message>
        <source>{host}:{port} answers ({status} {detail}); this account does not register.</source>
        <translation>{host}:{port} は応答しています（{status} {detail}）。このアカウントは登録を行いません。</translation>
    </message>
    <message>
        <source>Microphone: {detail}.</source>
        <translation>マイク: {detail}。</translation>
    </message>
    <message>
        <source>No microphone was found. Plug in a headset, or check that the sound system (PulseAudio or PipeWire) is running.</source>
        <translation>マイクが見つかりません。ヘッドセットを接続するか、サウンドシステム（PulseAudio または PipeWire）が動作しているか確認してください。</translation>
    </message>
    <message>
        <source>Diagnostics saved to {path}, with passwords and credentials removed: send this file to your support desk.</source>
        <translation>診断情報を {path} に保存しました（パスワードと認証情報は削除済み）。このファイルをサポート窓口に送ってください。</translation>
    </message>
</context>
<context>
    <name>kpi</name>
    <message>
        <source>Period</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>着信数</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>応答数</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>不在着信数</translation>
    </message>
    <message>
        <source>Answered in target</source>
        <translation>目標時間内の応答数</translation>
    </message>
    <message>
        <source>Service level</source>
        <translation>サービスレベル</translation>
    </message>
    <message>
        <source>Average speed of answer (s)</source>
        <translation>平均応答速度 (秒)</translation>
    </message>
    <message>
        <source>Average handle time (s)</source>
        <translation>平均処理時間 (秒)</translation>
    </message>
    <message>
        <source>Talk (s)</source>
        <translation>通話 (秒)</translation>
    </message>
    <message>
        <source>Hold (s)</source>
        <translation>保留 (秒)</translation>
    </message>
    <message>
        <source>Wrap-up (s)</source>
        <translation>後処理 (秒)</translation>
    </message>
    <message>
        <source>Answered on an SR</source>
        <translation>SR 付きの応答数</translation>
    </message>
    <message>
        <source>Resolved first time</source>
        <translation>初回解決数</translation>
    </message>
    <message>
        <source>First-contact resolution</source>
        <translation>初回解決率</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>転送数</translation>
    </message>
    <message>
        <source>Transfer rate</source>
        <translation>転送率</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>エスカレーション数</translation>
    </message>
    <message>
        <source>Escalation rate</source>
        <translation>エスカレーション率</translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation>発信数</translation>
    </message>
    <message>
        <source>Missed, called back</source>
        <translation>不在着信の折り返し数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Break reason</source>
        <translation>離席理由</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>時間 (秒)</translation>
    </message>
    <message>
        <source>Logged in (s)</source>
        <translation>ログイン時間 (秒)</translation>
    </message>
    <message>
        <source>Talk, hold and wrap-up (s)</source>
        <translation>通話・保留・後処理 (秒)</translation>
    </message>
    <message>
        <source>Occupancy</source>
        <translation>稼働率</translation>
    </message>
    <message>
        <source>Calls measured</source>
        <translation>品質測定済みの通話</translation>
    </message>
    <message>
        <source>Poor calls</source>
        <translation>品質不良の通話</translation>
    </message>
    <message>
        <source>Poor share</source>
        <translation>品質不良の割合</translation>
    </message>
    <message>
        <source>Mean MOS</source>
        <translation>平均 MOS</translation>
    </message>
    <message>
        <source>Lowest MOS</source>
        <translation>最低 MOS</translation>
    </message>
    <message>
        <source>Mean packet loss (%)</source>
        <translation>平均パケットロス (%)</translation>
    </message>
    <message>
        <source>Mean jitter (ms)</source>
        <translation>平均ジッター (ms)</translation>
    </message>
    <message>
        <source>Mean round trip (ms)</source>
        <translation>平均往復遅延 (ms)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(なし)</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>受付可</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>呼出中</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>通話中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>後処理</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>離席</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>オフライン</translation>
    </message>
    <message>
        <source>By agent</source>
        <translation>エージェント別</translation>
    </message>
    <message>
        <source>By queue</source>
        <translation>キュー別</translation>
    </message>
    <message>
        <source>By language</source>
        <translation>言語別</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>日別</translation>
    </message>
    <message>
        <source>States</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Call quality</source>
        <translation>通話品質</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>開始日時</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>エージェント</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>発信者</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>SR title</source>
        <translation>SR 件名</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>キュー</translation>
    </message>
    <message>
        <source>Caller&apos;s language</source>
        <translation>発信者の言語</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>対応区分</translation>
    </message>
    <message>
        <source>Ring (s)</source>
        <translation>呼出 (秒)</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通話</translation>
    </message>
</context>
</TS>
