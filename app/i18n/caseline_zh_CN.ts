<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountForm</name>
    <message>
        <source>Stored in the system keyring</source>
        <translation>已保存在系统密钥环中</translation>
    </message>
    <message>
        <source>Stored in the system keyring; type to replace it</source>
        <translation>已保存在系统密钥环中；输入新密码可替换</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Account name</source>
        <translation>账户名称</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>User name or extension</source>
        <translation>用户名或分机号</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>&amp;Domain:</source>
        <translation>域(&amp;D)：</translation>
    </message>
    <message>
        <source>SIP domain</source>
        <translation>SIP 域</translation>
    </message>
    <message>
        <source>&amp;Authentication user:</source>
        <translation>认证用户名(&amp;A)：</translation>
    </message>
    <message>
        <source>Authentication user</source>
        <translation>认证用户名</translation>
    </message>
    <message>
        <source>Displa&amp;y name:</source>
        <translation>显示名称(&amp;Y)：</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>&amp;Transport:</source>
        <translation>传输协议(&amp;T)：</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>传输协议</translation>
    </message>
    <message>
        <source>ST&amp;UN server:</source>
        <translation>STUN 服务器(&amp;U)：</translation>
    </message>
    <message>
        <source>STUN server</source>
        <translation>STUN 服务器</translation>
    </message>
    <message>
        <source>Media &amp;encryption (SRTP):</source>
        <translation>媒体加密 (SRTP)(&amp;E)：</translation>
    </message>
    <message>
        <source>Media encryption</source>
        <translation>媒体加密</translation>
    </message>
    <message>
        <source>TURN ser&amp;ver:</source>
        <translation>TURN 服务器(&amp;V)：</translation>
    </message>
    <message>
        <source>TURN server</source>
        <translation>TURN 服务器</translation>
    </message>
    <message>
        <source>TURN transport</source>
        <translation>TURN 传输协议</translation>
    </message>
    <message>
        <source>TURN transp&amp;ort:</source>
        <translation>TURN 传输协议(&amp;O)：</translation>
    </message>
    <message>
        <source>TURN user:</source>
        <translation>TURN 用户：</translation>
    </message>
    <message>
        <source>TURN user name</source>
        <translation>TURN 用户名</translation>
    </message>
    <message>
        <source>TURN password:</source>
        <translation>TURN 密码：</translation>
    </message>
    <message>
        <source>TURN password</source>
        <translation>TURN 密码</translation>
    </message>
    <message>
        <source>&amp;Keep-alive interval:</source>
        <translation>保活间隔(&amp;K)：</translation>
    </message>
    <message>
        <source>Keep-alive interval in seconds</source>
        <translation>保活间隔（秒）</translation>
    </message>
    <message>
        <source>For example: work (default: user@server)</source>
        <translation>例如：work（默认：user@server）</translation>
    </message>
    <message>
        <source>pbx.example.com or pbx.example.com:5061</source>
        <translation>pbx.example.com 或 pbx.example.com:5061</translation>
    </message>
    <message>
        <source>For example: 1001</source>
        <translation>例如：1001</translation>
    </message>
    <message>
        <source>Default: the server&apos;s host</source>
        <translation>默认：服务器的主机名</translation>
    </message>
    <message>
        <source>Only if it differs from the user</source>
        <translation>仅在与用户名不同时填写</translation>
    </message>
    <message>
        <source>Shown to the people you call</source>
        <translation>向您呼叫的对方显示</translation>
    </message>
    <message>
        <source>Optional, for example stun.example.com</source>
        <translation>可选，例如 stun.example.com</translation>
    </message>
    <message>
        <source>Optional, for example turn.example.com (relays calls a router blocks)</source>
        <translation>可选，例如 turn.example.com（中继被路由器阻挡的通话）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>How often a small packet keeps your router&apos;s connection to the server open (UDP). 0 turns it off.</source>
        <translation>发送小数据包以保持路由器与服务器之间连接的间隔（UDP）。0 表示关闭。</translation>
    </message>
    <message>
        <source>Use &amp;ICE (helps calls through NAT routers; always on with a STUN or TURN server)</source>
        <translation>使用 ICE(&amp;I)（帮助通话穿过 NAT 路由器；设置 STUN 或 TURN 服务器时始终开启）</translation>
    </message>
    <message>
        <source>Use ICE</source>
        <translation>使用 ICE</translation>
    </message>
    <message>
        <source>&amp;Register with the server to receive calls</source>
        <translation>向服务器注册以接收来电(&amp;R)</translation>
    </message>
    <message>
        <source>Register with the server</source>
        <translation>向服务器注册</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <source>Your phone system account</source>
        <translation>您的电话系统账户</translation>
    </message>
    <message>
        <source>Your administrator or provider gives you these details. The password is kept in the system keyring, never in a file.</source>
        <translation>这些信息由管理员或服务提供商提供。密码保存在系统密钥环中，绝不会写入文件。</translation>
    </message>
</context>
<context>
    <name>AudioDevices</name>
    <message>
        <source>(unnamed device)</source>
        <translation>（未命名设备）</translation>
    </message>
    <message>
        <source>(no device)</source>
        <translation>（无设备）</translation>
    </message>
</context>
<context>
    <name>BoardMonitoring</name>
    <message>
        <source>{name} has no SIP address in the team directory: ask the administrator to add one.</source>
        <translation>{name} 在团队名录中没有 SIP 地址：请让管理员添加。</translation>
    </message>
    <message>
        <source>Listening to {name}&apos;s call.</source>
        <translation>正在监听 {name} 的通话。</translation>
    </message>
    <message>
        <source>Whispering to {name}; the caller does not hear you.</source>
        <translation>正在对 {name} 耳语；来电者听不到您。</translation>
    </message>
    <message>
        <source>You have joined {name}&apos;s call.</source>
        <translation>您已加入 {name} 的通话。</translation>
    </message>
    <message>
        <source>Listening in is switched off for this deployment.</source>
        <translation>此部署已关闭通话监听。</translation>
    </message>
    <message>
        <source>The centre refused: the call has ended or is not your team&apos;s.</source>
        <translation>中央数据库拒绝：通话已结束，或不属于您的团队。</translation>
    </message>
    <message>
        <source>The call to the agent could not be placed: {detail}</source>
        <translation>无法呼叫该坐席：{detail}</translation>
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
        <translation>失败</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{state} ({reason})</source>
        <translation>{state}（{reason}）</translation>
    </message>
    <message>
        <source>{state}, stale since {time}</source>
        <translation>{state}（自 {time} 起无响应）</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time in state</source>
        <translation>状态持续时间</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Caller&apos;s language</source>
        <translation>来电者语言</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Call quality</source>
        <translation>通话质量</translation>
    </message>
    <message>
        <source>Poor (MOS {mos})</source>
        <translation>较差（MOS {mos}）</translation>
    </message>
    <message>
        <source>MOS {mos}</source>
        <translation>MOS {mos}</translation>
    </message>
    <message>
        <source>Loss {loss}, jitter {jitter}, round trip {rtt}</source>
        <translation>丢包 {loss}，抖动 {jitter}，往返时延 {rtt}</translation>
    </message>
    <message>
        <source>Calling {name}…</source>
        <translation>正在呼叫 {name}…</translation>
    </message>
    <message>
        <source>Listen in</source>
        <translation>监听</translation>
    </message>
    <message>
        <source>Hear the call; neither the agent nor the caller hears you. The agent sees that you listen.</source>
        <translation>收听通话；坐席和来电者都听不到您。坐席会看到您正在监听。</translation>
    </message>
    <message>
        <source>Whisper</source>
        <translation>耳语</translation>
    </message>
    <message>
        <source>Speak to the agent only; the caller does not hear you.</source>
        <translation>只对坐席讲话；来电者听不到您。</translation>
    </message>
    <message>
        <source>Join call</source>
        <translation>加入通话</translation>
    </message>
    <message>
        <source>Join the call: the agent and the caller both hear you.</source>
        <translation>加入通话：坐席和来电者都能听到您。</translation>
    </message>
    <message>
        <source>Only a team leader may see the live board.</source>
        <translation>只有组长可以查看实时看板。</translation>
    </message>
    <message>
        <source>The central database cannot be reached; the board shows what it last knew and reconnects by itself.</source>
        <translation>无法连接中央数据库；看板显示最后已知的状态，并会自动重新连接。</translation>
    </message>
    <message>
        <source>Available: {n}</source>
        <translation>空闲：{n}</translation>
    </message>
    <message>
        <source>On a call: {n}</source>
        <translation>通话中：{n}</translation>
    </message>
    <message>
        <source>Wrap-up: {n}</source>
        <translation>话后处理：{n}</translation>
    </message>
    <message>
        <source>Break: {n}</source>
        <translation>休息：{n}</translation>
    </message>
    <message>
        <source>Stale: {n}</source>
        <translation>无响应：{n}</translation>
    </message>
    <message>
        <source>Longest call: –</source>
        <translation>最长通话：–</translation>
    </message>
    <message>
        <source>Longest call: {time}</source>
        <translation>最长通话：{time}</translation>
    </message>
</context>
<context>
    <name>CallActions</name>
    <message>
        <source>&amp;Answer</source>
        <translation>接听(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>拒接(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Hang up</source>
        <translation>挂断(&amp;H)</translation>
    </message>
    <message>
        <source>Answer or hang up</source>
        <translation>接听或挂断</translation>
    </message>
    <message>
        <source>H&amp;old</source>
        <translation>保持(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Mute</source>
        <translation>静音(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Keypad</source>
        <translation>拨号盘(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Transfer…</source>
        <translation>转接(&amp;T)…</translation>
    </message>
    <message>
        <source>Complete trans&amp;fer</source>
        <translation>完成转接(&amp;F)</translation>
    </message>
    <message>
        <source>Co&amp;nsult…</source>
        <translation>咨询(&amp;N)…</translation>
    </message>
    <message>
        <source>Back to ca&amp;ller</source>
        <translation>返回来电者(&amp;L)</translation>
    </message>
    <message>
        <source>Con&amp;ference</source>
        <translation>会议通话(&amp;F)</translation>
    </message>
    <message>
        <source>Lea&amp;ve conference</source>
        <translation>退出会议通话(&amp;V)</translation>
    </message>
    <message>
        <source>Hang up the consulted party</source>
        <translation>挂断被咨询方</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>录音(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Dial…</source>
        <translation>拨号(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Find SR…</source>
        <translation>查找 SR(&amp;F)…</translation>
    </message>
    <message>
        <source>Call &amp;history</source>
        <translation>通话记录(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Available</source>
        <translation>空闲(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Break</source>
        <translation>休息(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Offline</source>
        <translation>离线(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>CallCenter</name>
    <message>
        <source>The phone could not start: {address} is already in use by another program, perhaps another CaseLine or softphone. Close it, or choose another SIP port in Settings.</source>
        <translation>电话无法启动：{address} 已被其他程序占用（可能是另一个 CaseLine 或软电话）。请关闭该程序，或在设置中选择其他 SIP 端口。</translation>
    </message>
    <message>
        <source>The phone could not start: {address} is not an address of this computer. Choose another listening address in Settings.</source>
        <translation>电话无法启动：{address} 不是本机的地址。请在设置中选择其他监听地址。</translation>
    </message>
    <message>
        <source>The phone could not open its SIP connection ({detail}).</source>
        <translation>电话无法打开 SIP 连接（{detail}）。</translation>
    </message>
    <message>
        <source>The phone could not start: its engine stopped at once (exit code {code}). The log file says why.</source>
        <translation>电话无法启动：其引擎立即停止（退出代码 {code}）。原因见日志文件。</translation>
    </message>
    <message>
        <source>The phone could not start: its engine did not answer.</source>
        <translation>电话无法启动：其引擎没有响应。</translation>
    </message>
    <message>
        <source>The phone could not start: {detail}</source>
        <translation>电话无法启动：{detail}</translation>
    </message>
    <message>
        <source>That call has already ended.</source>
        <translation>该通话已结束。</translation>
    </message>
    <message>
        <source>The call is no longer ringing.</source>
        <translation>该来电已不再振铃。</translation>
    </message>
    <message>
        <source>The call is not connected.</source>
        <translation>该通话未接通。</translation>
    </message>
    <message>
        <source>You already have the most calls this phone can hold.</source>
        <translation>已达到本话机可同时处理的通话数上限。</translation>
    </message>
    <message>
        <source>The phone is not running.</source>
        <translation>话机未在运行。</translation>
    </message>
    <message>
        <source>The phone restarted; please try again.</source>
        <translation>话机已重新启动，请重试。</translation>
    </message>
    <message>
        <source>The call could not be placed.</source>
        <translation>无法发起呼叫。</translation>
    </message>
    <message>
        <source>The call could not be put on hold.</source>
        <translation>无法保持该通话。</translation>
    </message>
    <message>
        <source>The call could not be resumed.</source>
        <translation>无法恢复该通话。</translation>
    </message>
    <message>
        <source>The transfer could not be started.</source>
        <translation>无法发起转接。</translation>
    </message>
    <message>
        <source>You are already consulting someone about this call.</source>
        <translation>您已在就此通话咨询他人。</translation>
    </message>
    <message>
        <source>That consultation has already ended.</source>
        <translation>该咨询通话已经结束。</translation>
    </message>
    <message>
        <source>The transfer is under way; wait for it to finish.</source>
        <translation>转接正在进行，请等待其完成。</translation>
    </message>
    <message>
        <source>That conference has already ended.</source>
        <translation>该会议通话已经结束。</translation>
    </message>
    <message>
        <source>The keypad tones could not be sent.</source>
        <translation>无法发送按键音。</translation>
    </message>
    <message>
        <source>Only 0-9, *, # and A-D can be sent as tones.</source>
        <translation>只能发送 0-9、*、# 和 A-D 的按键音。</translation>
    </message>
    <message>
        <source>That phone account does not exist.</source>
        <translation>该电话账户不存在。</translation>
    </message>
    <message>
        <source>This version of CaseLine can reach a TURN server over UDP only: choose UDP as the TURN transport in Settings, Accounts.</source>
        <translation>此版本的 CaseLine 只能通过 UDP 连接 TURN 服务器：请在“设置”的“账户”中将 TURN 传输协议设为 UDP。</translation>
    </message>
    <message>
        <source>Type a number or address to call.</source>
        <translation>请输入要呼叫的号码或地址。</translation>
    </message>
    <message>
        <source>That number is too long.</source>
        <translation>号码过长。</translation>
    </message>
    <message>
        <source>That is not a phone number or SIP address.</source>
        <translation>这不是有效的电话号码或 SIP 地址。</translation>
    </message>
    <message>
        <source>That SIP address is not valid.</source>
        <translation>该 SIP 地址无效。</translation>
    </message>
    <message>
        <source>Add a phone account, or dial a full SIP address (sip:user@host).</source>
        <translation>请添加电话账户，或拨打完整的 SIP 地址（sip:user@host）。</translation>
    </message>
    <message>
        <source>Finish the call first.</source>
        <translation>请先结束当前通话。</translation>
    </message>
    <message>
        <source>That break reason is not configured.</source>
        <translation>未配置该休息原因。</translation>
    </message>
    <message>
        <source>The call could not be recorded: the recording file could not be written.</source>
        <translation>无法录音：无法写入录音文件。</translation>
    </message>
    <message>
        <source>Call recording is turned off for this phone.</source>
        <translation>此话机已关闭通话录音。</translation>
    </message>
    <message>
        <source>Every call is recorded on this phone; the recording cannot be stopped.</source>
        <translation>此话机会对所有通话录音，无法停止录音。</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>出现错误：{detail}</translation>
    </message>
    <message>
        <source>This call is not being recorded: {reason} Trying again in {seconds} s.</source>
        <translation>此通话未在录音：{reason} 将在 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <source>The call could not start: the TURN server refused the TURN user name or password. Check them in Settings, Accounts.</source>
        <translation>无法开始通话：TURN 服务器拒绝了 TURN 用户名或密码。请在“设置”的“账户”中检查。</translation>
    </message>
    <message>
        <source>The call could not start: the TURN server does not answer. Check its address in Settings, Accounts, and your network.</source>
        <translation>无法开始通话：TURN 服务器没有响应。请在“设置”的“账户”中检查其地址，并检查网络。</translation>
    </message>
    <message>
        <source>The call could not start: the TURN server refused to relay it.</source>
        <translation>无法开始通话：TURN 服务器拒绝中继此通话。</translation>
    </message>
    <message>
        <source>The call&apos;s audio could not be set up.</source>
        <translation>无法建立通话的音频。</translation>
    </message>
    <message>
        <source>{target} did not answer. You are back with the caller.</source>
        <translation>{target} 未接听。您已回到与来电者的通话。</translation>
    </message>
    <message>
        <source>{target} hung up before the transfer. You are back with the caller.</source>
        <translation>{target} 在转接前挂断了。您已回到与来电者的通话。</translation>
    </message>
    <message>
        <source>The caller&apos;s phone did not take the transfer to {target} ({code}). You are back with the caller.</source>
        <translation>来电者的电话未接受转接到 {target}（{code}）。您已回到与来电者的通话。</translation>
    </message>
    <message>
        <source>The caller hung up while waiting on hold.</source>
        <translation>来电者在保留等待时挂断了。</translation>
    </message>
    <message>
        <source>The transfer to {target} did not go through. You are back with the caller.</source>
        <translation>转接到 {target} 未能完成。您已回到与来电者的通话。</translation>
    </message>
    <message>
        <source>The caller&apos;s phone did not take the hand-over to {party} ({code}). This PC keeps them connected; your microphone and speaker are off. Hang up to end their call.</source>
        <translation>来电方的电话未接受转交给 {party}（{code}）。本机将继续连接双方；您的麦克风和扬声器已关闭。挂断即可结束他们的通话。</translation>
    </message>
    <message>
        <source>You left the conference: the caller and {party} talk on without you.</source>
        <translation>您已退出会议通话：来电方与 {party} 将继续通话。</translation>
    </message>
    <message>
        <source>{party} left the conference. You are on a call with the caller again.</source>
        <translation>{party} 已退出会议通话。您已回到与来电方的通话。</translation>
    </message>
    <message>
        <source>The caller left the conference.</source>
        <translation>来电方已退出会议通话。</translation>
    </message>
    <message>
        <source>{target} could not be reached ({code}).</source>
        <translation>无法连接到 {target}（{code}）。</translation>
    </message>
    <message>
        <source>{target} could not be reached.</source>
        <translation>无法连接到 {target}。</translation>
    </message>
    <message>
        <source>The call to {target} failed ({code}).</source>
        <translation>呼叫 {target} 失败（{code}）。</translation>
    </message>
    <message>
        <source>The call to {target} could not be placed.</source>
        <translation>无法呼叫 {target}。</translation>
    </message>
    <message>
        <source>The transfer to {target} failed ({code}).</source>
        <translation>转接到 {target} 失败（{code}）。</translation>
    </message>
    <message>
        <source>The call is being recorded now.</source>
        <translation>通话现已开始录音。</translation>
    </message>
    <message>
        <source>The phone engine stopped; restarting…</source>
        <translation>电话引擎已停止，正在重新启动…</translation>
    </message>
    <message>
        <source>The phone is stopped.</source>
        <translation>话机已停止。</translation>
    </message>
    <message>
        <source>{account}: {state}. Calls will not reach you.</source>
        <translation>{account}：{state}。您将无法接到来电。</translation>
    </message>
    <message>
        <source>No network connection.</source>
        <translation>无网络连接。</translation>
    </message>
    <message>
        <source>No microphone or speaker found.</source>
        <translation>未找到麦克风或扬声器。</translation>
    </message>
    <message>
        <source>Not taking calls: {state}.</source>
        <translation>不接听来电：{state}。</translation>
    </message>
    <message>
        <source>Not taking new calls: {state} after this call.</source>
        <translation>不接听新来电：本次通话后为{state}。</translation>
    </message>
    <message>
        <source>Ready for calls ({accounts})</source>
        <translation>已就绪，可接听来电（{accounts}）</translation>
    </message>
    <message>
        <source>Ready for direct calls</source>
        <translation>已就绪，可接听直接呼叫</translation>
    </message>
</context>
<context>
    <name>CallDetailPane</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>This call is no longer in your team&apos;s calls.</source>
        <translation>此通话已不在您团队的通话中。</translation>
    </message>
    <message>
        <source>Notes and translations</source>
        <translation>备注和翻译</translation>
    </message>
    <message>
        <source>&amp;Play recording</source>
        <translation>播放录音(&amp;P)</translation>
    </message>
    <message>
        <source>Select a call to see its SR, notes and recording.</source>
        <translation>选择一个通话以查看其 SR、备注和录音。</translation>
    </message>
    <message>
        <source>{time} · {agent} · {direction} · {outcome}</source>
        <translation>{time} · {agent} · {direction} · {outcome}</translation>
    </message>
    <message>
        <source>{number}: {title} ({status}, {queue})</source>
        <translation>{number}：{title}（{status}，{queue}）</translation>
    </message>
    <message>
        <source>On an SR outside your team&apos;s queues.</source>
        <translation>此通话属于您团队队列之外的 SR。</translation>
    </message>
    <message>
        <source>No SR.</source>
        <translation>无 SR。</translation>
    </message>
    <message>
        <source>No recording to play: recordings stay on the agent&apos;s PC, the central database has none.</source>
        <translation>没有可播放的录音：录音保存在坐席的电脑上，中央数据库中没有。</translation>
    </message>
    <message>
        <source>The recording cannot be reached from this PC: {path}</source>
        <translation>无法从此电脑访问录音：{path}</translation>
    </message>
    <message>
        <source>{author} · {time} · {language}</source>
        <translation>{author} · {time} · {language}</translation>
    </message>
    <message>
        <source>{meta} · on this call</source>
        <translation>{meta} · 本次通话中记录</translation>
    </message>
    <message>
        <source>Translation ({language})</source>
        <translation>翻译（{language}）</translation>
    </message>
</context>
<context>
    <name>CallHistory</name>
    <message>
        <source>rang {duration}</source>
        <translation>振铃 {duration}</translation>
    </message>
    <message>
        <source>Withheld number</source>
        <translation>隐藏号码</translation>
    </message>
    <message>
        <source>The call history could not be loaded.</source>
        <translation>无法加载通话记录。</translation>
    </message>
</context>
<context>
    <name>CallHistoryModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>对方</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>通话结果</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>✎ note, no SR</source>
        <translation>✎ 有备注，无 SR</translation>
    </message>
    <message>
        <source>{outcome} ({reason})</source>
        <translation>{outcome}（{reason}）</translation>
    </message>
    <message>
        <source>{number}: {title}</source>
        <translation>{number}：{title}</translation>
    </message>
    <message>
        <source>Kept with the call until it is attached to an SR (right-click: Attach to an SR…):
{note}</source>
        <translation>在关联到 SR 之前保存在通话上（右键：关联到 SR…）：
{note}</translation>
    </message>
    <message>
        <source>Missed, not yet seen</source>
        <translation>未接，尚未查看</translation>
    </message>
</context>
<context>
    <name>CallHistoryView</name>
    <message>
        <source>Set &amp;disposition</source>
        <translation>设置处理结果(&amp;D)</translation>
    </message>
    <message>
        <source>No calls match these filters.</source>
        <translation>没有符合筛选条件的通话。</translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation>暂无通话。</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Missed (%n)</source>
        <translation>
            <numerusform>未接(&amp;M) (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show missed calls only, %n not yet seen</source>
        <translation>
            <numerusform>仅显示未接来电（%n 个未查看）</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Missed</source>
        <translation>未接(&amp;M)</translation>
    </message>
    <message>
        <source>Show missed calls only</source>
        <translation>仅显示未接来电</translation>
    </message>
    <message>
        <source>&amp;All</source>
        <translation>全部(&amp;A)</translation>
    </message>
    <message>
        <source>Show all calls</source>
        <translation>显示所有通话</translation>
    </message>
    <message>
        <source>&amp;Inbound</source>
        <translation>呼入(&amp;I)</translation>
    </message>
    <message>
        <source>Show inbound calls only</source>
        <translation>仅显示呼入通话</translation>
    </message>
    <message>
        <source>O&amp;utbound</source>
        <translation>呼出(&amp;U)</translation>
    </message>
    <message>
        <source>Show outbound calls only</source>
        <translation>仅显示呼出通话</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>今天(&amp;T)</translation>
    </message>
    <message>
        <source>Only calls from today</source>
        <translation>仅显示今天的通话</translation>
    </message>
    <message>
        <source>All dispositions</source>
        <translation>全部处理结果</translation>
    </message>
    <message>
        <source>Disposition filter</source>
        <translation>处理结果筛选</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <source>Number, name, company or SR</source>
        <translation>号码、姓名、公司或 SR</translation>
    </message>
    <message>
        <source>Search the call history</source>
        <translation>搜索通话记录</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Load the call history again</source>
        <translation>重新加载通话记录</translation>
    </message>
    <message>
        <source>Call history</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>&amp;Open SR</source>
        <translation>打开 SR(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Call back</source>
        <translation>回拨(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Schedule callback…</source>
        <translation>安排回电(&amp;S)…</translation>
    </message>
    <message>
        <source>Copy &amp;number</source>
        <translation>复制号码(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Attach to an SR…</source>
        <translation>关联到 SR(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>重新加载(&amp;R)</translation>
    </message>
</context>
<context>
    <name>CallPageModel</name>
    <message>
        <source>The calls cannot be sorted by this column.</source>
        <translation>无法按此列对通话排序。</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>来电人</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Ring</source>
        <translation>振铃</translation>
    </message>
    <message>
        <source>Talk</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>保持</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <source>Call duration</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>保持中</translation>
    </message>
    <message>
        <source>The caller put you on hold</source>
        <translation>对方已将通话保持</translation>
    </message>
    <message>
        <source>{state} · microphone muted</source>
        <translation>{state} · 麦克风已静音</translation>
    </message>
    <message>
        <source>Transferring {caller} to {target}…</source>
        <translation>正在将 {caller} 转接到 {target}…</translation>
    </message>
    <message>
        <source>Consulting {target}; {caller} waits on hold</source>
        <translation>正在咨询 {target}；{caller} 保留等待中</translation>
    </message>
    <message>
        <source>No SR yet: choose or create one</source>
        <translation>尚无 SR：请选择或新建</translation>
    </message>
    <message numerus="yes">
        <source>%n other call(s) on hold or waiting</source>
        <translation>
            <numerusform>另有 %n 个通话在保持或等待中</numerusform>
        </translation>
    </message>
    <message>
        <source>Conference, three parties:</source>
        <translation>会议通话（三方）：</translation>
    </message>
    <message>
        <source>• You</source>
        <translation>• 您</translation>
    </message>
    <message>
        <source>Leaving the conference: handing the caller over…</source>
        <translation>正在退出会议通话：正在转交来电方…</translation>
    </message>
    <message>
        <source>• You (left)</source>
        <translation>• 您（已退出）</translation>
    </message>
    <message>
        <source>This PC connects the caller and {party}; your microphone and speaker are off</source>
        <translation>本机正在连接来电方与 {party}；您的麦克风和扬声器已关闭</translation>
    </message>
    <message>
        <source>• {caller} (caller)</source>
        <translation>• {caller}（来电方）</translation>
    </message>
    <message>
        <source>• {party} (consulted)</source>
        <translation>• {party}（被咨询方）</translation>
    </message>
    <message>
        <source>{leader} (team leader) has joined the call</source>
        <translation>{leader}（组长）已加入通话</translation>
    </message>
    <message>
        <source>{leader} (team leader) is whispering to you; the caller does not hear them</source>
        <translation>{leader}（组长）正在对您耳语，来电者听不到</translation>
    </message>
    <message>
        <source>{leader} (team leader) is listening</source>
        <translation>{leader}（组长）正在监听通话</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>Current call</source>
        <translation>当前通话</translation>
    </message>
</context>
<context>
    <name>CallWidgets</name>
    <message>
        <source>Withheld number</source>
        <translation>隐藏号码</translation>
    </message>
</context>
<context>
    <name>Callbacks</name>
    <message>
        <source>Reached</source>
        <translation>已联系上</translation>
    </message>
    <message>
        <source>Voicemail</source>
        <translation>语音信箱</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <source>Rescheduled</source>
        <translation>已改期</translation>
    </message>
    <message>
        <source>A callback needs a number to call.</source>
        <translation>回电需要一个电话号码。</translation>
    </message>
    <message>
        <source>The reason is too long: at most 1000 characters.</source>
        <translation>原因过长：最多 1000 个字符。</translation>
    </message>
    <message>
        <source>This callback was already done.</source>
        <translation>此回电已完成。</translation>
    </message>
    <message>
        <source>This callback no longer exists.</source>
        <translation>此回电已不存在。</translation>
    </message>
    <message>
        <source>Choose when to call again.</source>
        <translation>请选择再次回电的时间。</translation>
    </message>
</context>
<context>
    <name>CallbacksView</name>
    <message>
        <source>Overdue since {time}</source>
        <translation>自 {time} 起已逾期</translation>
    </message>
    <message>
        <source>No callbacks to make.</source>
        <translation>没有待回电。</translation>
    </message>
    <message>
        <source>Callback due: {who}, {number}</source>
        <translation>回电时间到：{who}，{number}</translation>
    </message>
    <message numerus="yes">
        <source>(and %n more)</source>
        <translation>
            <numerusform>（另有 %n 个）</numerusform>
        </translation>
    </message>
    <message>
        <source>{number} · {title}</source>
        <translation>{number} · {title}</translation>
    </message>
    <message>
        <source>The call of {time} from {who}</source>
        <translation>{time} 来自 {who} 的来电</translation>
    </message>
    <message>
        <source>Call &amp;now (Ctrl+Shift+B)</source>
        <translation>立即拨打(&amp;N) (Ctrl+Shift+B)</translation>
    </message>
    <message>
        <source>Call the due callback now</source>
        <translation>立即拨打到期的回电</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>拨打(&amp;C)</translation>
    </message>
    <message>
        <source>Call the chosen callback</source>
        <translation>拨打所选回电</translation>
    </message>
    <message>
        <source>Record &amp;outcome…</source>
        <translation>记录结果(&amp;O)…</translation>
    </message>
    <message>
        <source>Callbacks, due first</source>
        <translation>回电（到期的在前）</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
</context>
<context>
    <name>CandidateChooser</name>
    <message>
        <source>Which SR is this call about?</source>
        <translation>此通话与哪个 SR 相关？</translation>
    </message>
    <message>
        <source>SRs this call could be about</source>
        <translation>此通话可能相关的 SR</translation>
    </message>
    <message>
        <source>&amp;Open SR</source>
        <translation>打开 SR(&amp;O)</translation>
    </message>
    <message>
        <source>Open the selected SR</source>
        <translation>打开所选 SR</translation>
    </message>
    <message>
        <source>&amp;New SR (Ctrl+N)</source>
        <translation>新建 SR(&amp;N) (Ctrl+N)</translation>
    </message>
    <message>
        <source>Start a new SR for this caller</source>
        <translation>为此来电者新建 SR</translation>
    </message>
    <message>
        <source>the caller&apos;s own</source>
        <translation>来电者本人的 SR</translation>
    </message>
    <message>
        <source>a colleague&apos;s at the same customer</source>
        <translation>同一客户同事的 SR</translation>
    </message>
    <message>
        <source>{number} — {title}
{status} · {priority} · updated {updated} · {whose}</source>
        <translation>{number} — {title}
{status} · {priority} · 更新于 {updated} · {whose}</translation>
    </message>
    <message>
        <source>+ New SR for this caller</source>
        <translation>+ 为此来电者新建 SR</translation>
    </message>
</context>
<context>
    <name>CaseErrors</name>
    <message>
        <source>Type a title for the SR.</source>
        <translation>请输入 SR 标题。</translation>
    </message>
    <message>
        <source>The title is too long: at most 500 characters.</source>
        <translation>标题过长：最多 500 个字符。</translation>
    </message>
    <message>
        <source>The queue name is too long: at most 64 characters.</source>
        <translation>队列名称过长：最多 64 个字符。</translation>
    </message>
    <message>
        <source>The description is too long.</source>
        <translation>描述过长。</translation>
    </message>
    <message>
        <source>That status does not exist.</source>
        <translation>该状态不存在。</translation>
    </message>
    <message>
        <source>That priority does not exist.</source>
        <translation>该优先级不存在。</translation>
    </message>
    <message>
        <source>Someone else changed this SR; it was reloaded. Your changes were kept: check them and save again.</source>
        <translation>其他人已修改此 SR，已重新加载。您的更改已保留：请检查后再次保存。</translation>
    </message>
    <message>
        <source>This SR no longer exists.</source>
        <translation>此 SR 已不存在。</translation>
    </message>
    <message>
        <source>Type the note first.</source>
        <translation>请先输入备注。</translation>
    </message>
    <message>
        <source>The note is too long.</source>
        <translation>备注过长。</translation>
    </message>
    <message>
        <source>Open an SR to add the note to.</source>
        <translation>请先打开要添加备注的 SR。</translation>
    </message>
    <message>
        <source>This note no longer exists.</source>
        <translation>此备注已不存在。</translation>
    </message>
    <message>
        <source>There is no text to translate.</source>
        <translation>没有需要翻译的文本。</translation>
    </message>
    <message>
        <source>The text is already in that language.</source>
        <translation>该文本已经是这种语言。</translation>
    </message>
    <message>
        <source>This translation request no longer exists.</source>
        <translation>此翻译请求已不存在。</translation>
    </message>
    <message>
        <source>Someone else has translated this already; your translation was put in the note editor.</source>
        <translation>其他人已经翻译了这段内容；您的译文已放入备注编辑框。</translation>
    </message>
    <message>
        <source>This SR conflict has been settled already.</source>
        <translation>此SR冲突已经解决。</translation>
    </message>
    <message>
        <source>Choose a value for every field of the SR conflict.</source>
        <translation>请为SR冲突的每个字段选择一个值。</translation>
    </message>
    <message>
        <source>The central database refuses this value; keep the central one.</source>
        <translation>中央数据库拒绝此值；请保留中央的值。</translation>
    </message>
    <message>
        <source>The contact&apos;s name is too long.</source>
        <translation>联系人姓名过长。</translation>
    </message>
    <message>
        <source>The case database is busy (locked by another program). Try again in a moment.</source>
        <translation>工单数据库正忙（被其他程序锁定）。请稍后重试。</translation>
    </message>
    <message>
        <source>The case database is damaged. Nothing you typed was lost.</source>
        <translation>工单数据库已损坏。您输入的内容均未丢失。</translation>
    </message>
    <message>
        <source>The case database cannot be written (disk full or read-only).</source>
        <translation>无法写入工单数据库（磁盘已满或为只读）。</translation>
    </message>
    <message>
        <source>The case database was made by a newer CaseLine.</source>
        <translation>工单数据库由更新版本的 CaseLine 创建。</translation>
    </message>
    <message>
        <source>The case database is missing.</source>
        <translation>找不到工单数据库。</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>出现错误：{detail}</translation>
    </message>
</context>
<context>
    <name>CaseForms</name>
    <message>
        <source>Unknown caller</source>
        <translation>未知来电者</translation>
    </message>
    <message>
        <source>no number</source>
        <translation>无号码</translation>
    </message>
    <message>
        <source>{who}, {company} ({number})</source>
        <translation>{who}，{company}（{number}）</translation>
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
        <translation>{number}（临时编号）</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Waiting for customer</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>P1 – Critical</source>
        <translation>P1 – 紧急</translation>
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
        <translation>呼入</translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>已拒接</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>已转接</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>refused: all lines busy</source>
        <translation>已拒绝：所有线路忙</translation>
    </message>
    <message>
        <source>refused: on a break</source>
        <translation>已拒绝：休息中</translation>
    </message>
    <message>
        <source>refused: offline</source>
        <translation>已拒绝：离线</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>office</source>
        <translation>办公</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>main line</source>
        <translation>总机</translation>
    </message>
    <message>
        <source>home</source>
        <translation>住宅</translation>
    </message>
    <message>
        <source>fax</source>
        <translation>传真</translation>
    </message>
    <message>
        <source>direct line</source>
        <translation>直线</translation>
    </message>
</context>
<context>
    <name>CaseSearch</name>
    <message>
        <source>&amp;Find an SR</source>
        <translation>查找 SR(&amp;F)</translation>
    </message>
    <message>
        <source>Search SRs</source>
        <translation>搜索 SR</translation>
    </message>
    <message>
        <source>SR number, phone number, customer code, contact or company name</source>
        <translation>SR 编号、电话号码、客户代码、联系人或公司名称</translation>
    </message>
    <message>
        <source>SRs found</source>
        <translation>找到的 SR</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>No SR found for “{text}”.</source>
        <translation>未找到与“{text}”匹配的 SR。</translation>
    </message>
    <message numerus="yes">
        <source>The first %n SRs; type more to narrow it down.</source>
        <translation>
            <numerusform>仅显示前 %n 个 SR；请输入更多内容以缩小范围。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) found.</source>
        <translation>
            <numerusform>找到 %n 个 SR。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>Priority not confirmed with the caller — confirm it now</source>
        <translation>优先级尚未与来电者确认——请立即确认</translation>
    </message>
    <message>
        <source>Priority to confirm with the caller</source>
        <translation>待与来电者确认的优先级</translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation>确认(&amp;C)</translation>
    </message>
    <message>
        <source>Confirm the priority with the caller</source>
        <translation>与来电者确认优先级</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>标题(&amp;T)</translation>
    </message>
    <message>
        <source>St&amp;atus</source>
        <translation>状态(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Priority (Ctrl+P)</source>
        <translation>优先级(&amp;P) (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>队列(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <source>SR title</source>
        <translation>SR 标题</translation>
    </message>
    <message>
        <source>SR status</source>
        <translation>SR 状态</translation>
    </message>
    <message>
        <source>SR priority</source>
        <translation>SR 优先级</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>SR description</source>
        <translation>SR 描述</translation>
    </message>
    <message>
        <source>&amp;Save (Ctrl+S)</source>
        <translation>保存(&amp;S) (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save the SR</source>
        <translation>保存 SR</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃更改</translation>
    </message>
    <message>
        <source>Discard your unsaved changes</source>
        <translation>放弃未保存的更改</translation>
    </message>
    <message>
        <source>Service request</source>
        <translation>服务请求</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Numbers (click to call)</source>
        <translation>号码（点击拨打）</translation>
    </message>
    <message>
        <source>Numbers to call</source>
        <translation>可拨打的号码</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>Ca&amp;lls</source>
        <translation>通话(&amp;L)</translation>
    </message>
    <message>
        <source>SR history</source>
        <translation>SR 历史</translation>
    </message>
    <message>
        <source>Notes, newest first</source>
        <translation>备注（最新的在前）</translation>
    </message>
    <message>
        <source>Calls about this SR, newest first</source>
        <translation>与此 SR 相关的通话（最新的在前）</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>通话结果</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>New &amp;note (Ctrl+Enter adds it)</source>
        <translation>新备注(&amp;N)（按 Ctrl+Enter 添加）</translation>
    </message>
    <message>
        <source>{number}
({kind})</source>
        <translation>{number}
（{kind}）</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>新备注</translation>
    </message>
    <message>
        <source>Schedule call&amp;back…</source>
        <translation>安排回电(&amp;B)…</translation>
    </message>
    <message>
        <source>Promise the customer a call about this SR at a time you choose</source>
        <translation>约定在您选择的时间就此 SR 回电给客户</translation>
    </message>
    <message>
        <source>Language of the note</source>
        <translation>备注语言</translation>
    </message>
    <message>
        <source>&amp;Add note</source>
        <translation>添加备注(&amp;A)</translation>
    </message>
    <message>
        <source>Add the note to the SR</source>
        <translation>将备注添加到 SR</translation>
    </message>
    <message>
        <source>No SR open.</source>
        <translation>未打开 SR。</translation>
    </message>
    <message>
        <source>New &amp;note for {number}, call with {caller} (Ctrl+Enter adds it)</source>
        <translation>{number} 的新备注(&amp;N)，与 {caller} 的通话（Ctrl+Enter 添加）</translation>
    </message>
    <message>
        <source>New &amp;note for {number} (Ctrl+Enter adds it)</source>
        <translation>{number} 的新备注(&amp;N)（Ctrl+Enter 添加）</translation>
    </message>
    <message>
        <source>What the caller said, what you did, what happens next. Kept as you type; it becomes a note of this SR when the call&apos;s wrap-up ends, or add it now with Ctrl+Enter.</source>
        <translation>来电者说了什么、您做了什么、下一步是什么。输入时即保存；通话的话后处理结束时它成为此 SR 的备注，也可按 Ctrl+Enter 立即添加。</translation>
    </message>
    <message>
        <source>Kept as a draft as you type; Ctrl+Enter adds it to the SR.</source>
        <translation>输入时保存为草稿；按 Ctrl+Enter 添加到 SR。</translation>
    </message>
    <message>
        <source>Loading the SR…</source>
        <translation>正在加载 SR…</translation>
    </message>
    <message>
        <source>{number} — {title}</source>
        <translation>{number} — {title}</translation>
    </message>
    <message>
        <source>Confirmed with the caller {time}</source>
        <translation>已于 {time} 与来电者确认</translation>
    </message>
    <message>
        <source>Confirmed with the caller</source>
        <translation>已与来电者确认</translation>
    </message>
    <message>
        <source>Not confirmed with the caller</source>
        <translation>未与来电者确认</translation>
    </message>
    <message>
        <source>{company} ({code}), speaks {language}</source>
        <translation>{company}（{code}），使用{language}</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>无客户</translation>
    </message>
    <message>
        <source>No contact person</source>
        <translation>无联系人</translation>
    </message>
    <message>
        <source>{name} &lt;{email}&gt;</source>
        <translation>{name} &lt;{email}&gt;</translation>
    </message>
    <message>
        <source>Opened {created} by {owner}; last changed {updated}</source>
        <translation>由 {owner} 于 {created} 创建；最后修改于 {updated}</translation>
    </message>
    <message>
        <source>Opened {created}; last changed {updated}</source>
        <translation>创建于 {created}；最后修改于 {updated}</translation>
    </message>
    <message>
        <source>Call {number}</source>
        <translation>拨打 {number}</translation>
    </message>
    <message>
        <source>Call {number} about this SR</source>
        <translation>就此 SR 拨打 {number}</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Notes (%n)</source>
        <translation>
            <numerusform>备注(&amp;N) (%n)</numerusform>
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
        <translation>↪ 来自 {time} 的通话</translation>
    </message>
    <message>
        <source>Enter or double-click: show the call {time}</source>
        <translation>按 Enter 或双击：显示 {time} 的通话</translation>
    </message>
    <message numerus="yes">
        <source>Ca&amp;lls (%n)</source>
        <translation>
            <numerusform>通话(&amp;L) (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>translation by {who}, {minutes} min</source>
        <translation>由 {who} 翻译，{minutes} 分钟</translation>
    </message>
    <message>
        <source>escalated to {target}</source>
        <translation>已升级给 {target}</translation>
    </message>
    <message>
        <source>⇄ Translation (the original is beside it in Translations)</source>
        <translation>⇄ 译文（原文在“翻译”标签页中并排显示）</translation>
    </message>
    <message>
        <source>⇄ Waiting for a translation into {language}</source>
        <translation>⇄ 等待翻译成{language}</translation>
    </message>
    <message>
        <source>⇄ Translated into {language}</source>
        <translation>⇄ 已翻译成{language}</translation>
    </message>
    <message numerus="yes">
        <source>T&amp;ranslations (%n waiting)</source>
        <translation>
            <numerusform>翻译(&amp;R) (%n 条待译)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>T&amp;ranslations (%n)</source>
        <translation>
            <numerusform>翻译(&amp;R) (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the SR first: the saved description is what gets translated.</source>
        <translation>请先保存 SR：翻译的是已保存的描述。</translation>
    </message>
    <message>
        <source>{number} · {title}</source>
        <translation>{number} · {title}</translation>
    </message>
    <message>
        <source>A title is required.</source>
        <translation>标题为必填项。</translation>
    </message>
    <message>
        <source>The title is too long ({count} of at most {limit} characters).</source>
        <translation>标题过长（{count} 个字符，最多 {limit} 个）。</translation>
    </message>
    <message>
        <source>The queue name is too long ({count} of at most {limit} characters).</source>
        <translation>队列名称过长（{count} 个字符，最多 {limit} 个）。</translation>
    </message>
    <message>
        <source>The description is too long.</source>
        <translation>描述过长。</translation>
    </message>
    <message>
        <source>SR saved.</source>
        <translation>SR 已保存。</translation>
    </message>
    <message>
        <source>Unsaved note restored from {time}.</source>
        <translation>已恢复 {time} 未保存的备注。</translation>
    </message>
    <message>
        <source>Draft saved.</source>
        <translation>草稿已保存。</translation>
    </message>
    <message>
        <source>The draft could not be saved: {reason}</source>
        <translation>无法保存草稿：{reason}</translation>
    </message>
    <message>
        <source>Note added.</source>
        <translation>备注已添加。</translation>
    </message>
</context>
<context>
    <name>CentralErrors</name>
    <message>
        <source>The central database is on another machine and its URL does not ask for a verified secure connection, so CaseLine does not connect. Add sslmode=verify-full and sslrootcert (the CA&apos;s certificate file) to the URL, for example ?sslmode=verify-full&amp;sslrootcert=/etc/caseline/ca.pem. Only your administrator can allow an unencrypted connection.</source>
        <translation>中央数据库位于另一台机器上，而其 URL 未要求经过验证的安全连接，因此 CaseLine 不会连接。请在 URL 中添加 sslmode=verify-full 和 sslrootcert(CA 证书文件)，例如 ?sslmode=verify-full&amp;sslrootcert=/etc/caseline/ca.pem。只有管理员可以允许未加密的连接。</translation>
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
        <translation>日期</translation>
    </message>
    <message>
        <source>Inbound calls per hour by language</source>
        <translation>按语言的每小时来电数</translation>
    </message>
    <message>
        <source>Hour of the day</source>
        <translation>时段（时）</translation>
    </message>
    <message>
        <source>Inbound calls</source>
        <translation>来电数</translation>
    </message>
    <message>
        <source>Average handle time and first-contact resolution</source>
        <translation>平均处理时长与首次解决率</translation>
    </message>
    <message>
        <source>First-contact resolution (%)</source>
        <translation>首次解决率 (%)</translation>
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
        <translation>服务水平（{seconds} 秒内接听）</translation>
    </message>
    <message>
        <source>Target ({percent} %)</source>
        <translation>目标 ({percent} %)</translation>
    </message>
    <message>
        <source>Agent states on {day}</source>
        <translation>{day}的坐席状态</translation>
    </message>
    <message>
        <source>Agent states</source>
        <translation>坐席状态</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Priority confirmed</source>
        <translation>已确认优先级</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>{field}: keep mine ({value})</source>
        <translation>{field}：保留我的值（{value}）</translation>
    </message>
    <message>
        <source>{field}: keep {who}&apos;s ({value})</source>
        <translation>{field}：保留 {who} 的值（{value}）</translation>
    </message>
    <message>
        <source>The central database refused this change: the SR would move to another team&apos;s queue.</source>
        <translation>中央数据库拒绝了此更改：该SR将被移到其他团队的队列。</translation>
    </message>
    <message>
        <source>a colleague</source>
        <translation>同事</translation>
    </message>
    <message>
        <source>SR conflict: {number} {title}</source>
        <translation>SR冲突：{number} {title}</translation>
    </message>
    <message>
        <source>This SR was changed on this PC and by {who} at the same time. Choose which value to keep for each field. The other value is kept in the SR&apos;s history.</source>
        <translation>此SR在本机上和由 {who} 同时被修改。请为每个字段选择要保留的值。另一个值会保存在SR的历史记录中。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Mine (this PC)</source>
        <translation>我的（本机）</translation>
    </message>
    <message>
        <source>Theirs ({who})</source>
        <translation>对方（{who}）</translation>
    </message>
    <message>
        <source>Keep all &amp;mine</source>
        <translation>全部保留我的(&amp;M)</translation>
    </message>
    <message>
        <source>Keep all &amp;theirs</source>
        <translation>全部保留对方的(&amp;T)</translation>
    </message>
    <message>
        <source>Keep &amp;selected values</source>
        <translation>保留所选的值(&amp;S)</translation>
    </message>
</context>
<context>
    <name>ConsoleLauncher</name>
    <message>
        <source>&amp;Team console…</source>
        <translation>团队控制台(&amp;T)…</translation>
    </message>
    <message>
        <source>Your team&apos;s calls, KPIs and live board</source>
        <translation>您团队的通话、KPI 和实时看板</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>Asking the central database…</source>
        <translation>正在查询中央数据库…</translation>
    </message>
    <message>
        <source>Team console — CaseLine</source>
        <translation>团队控制台 — CaseLine</translation>
    </message>
    <message>
        <source>&amp;Board</source>
        <translation>看板(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Explorer</source>
        <translation>通话浏览(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;KPIs</source>
        <translation>KPI(&amp;K)</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>The live board is not available in this version.</source>
        <translation>此版本中无法使用实时看板。</translation>
    </message>
</context>
<context>
    <name>ConsultDialog</name>
    <message>
        <source>Consult before transferring</source>
        <translation>转接前咨询</translation>
    </message>
    <message>
        <source>Consult</source>
        <translation>咨询对象</translation>
    </message>
    <message>
        <source>Number, extension or SIP address</source>
        <translation>号码、分机或 SIP 地址</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Needs an engineer</source>
        <translation>需要工程师</translation>
    </message>
    <message>
        <source>Needs a specialist</source>
        <translation>需要专员</translation>
    </message>
    <message>
        <source>Billing question</source>
        <translation>账单问题</translation>
    </message>
    <message>
        <source>Another language</source>
        <translation>其他语言</translation>
    </message>
    <message>
        <source>Translation (three-way call)</source>
        <translation>翻译（三方通话）</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Why, in a few words</source>
        <translation>简要说明原因</translation>
    </message>
    <message>
        <source>Summary for them</source>
        <translation>给对方的摘要</translation>
    </message>
    <message>
        <source>One line they see when the call rings</source>
        <translation>来电响铃时对方看到的一行文字</translation>
    </message>
    <message>
        <source>Call them</source>
        <translation>呼叫</translation>
    </message>
    <message>
        <source>The caller waits on hold while you consult:</source>
        <translation>咨询期间来电者将保留等待。咨询对象：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Summary for them:</source>
        <translation>给对方的摘要：</translation>
    </message>
</context>
<context>
    <name>DemoPage</name>
    <message>
        <source>Try CaseLine with demo data</source>
        <translation>使用演示数据试用 CaseLine</translation>
    </message>
    <message>
        <source>No phone system is needed: CaseLine listens for direct calls at this address. Any SIP phone or softphone on your network can call it.</source>
        <translation>无需电话系统：CaseLine 在此地址侦听直接呼叫。您网络中的任何 SIP 话机或软电话都可以呼叫它。</translation>
    </message>
    <message>
        <source>Your direct call address</source>
        <translation>您的直接呼叫地址</translation>
    </message>
    <message>
        <source>Demo customers, contacts and service requests (in Japanese, Chinese and English) are loaded, so a call pops up a realistic record and you can try logging it.</source>
        <translation>已加载演示用的客户、联系人和服务请求（日语、中文和英语），来电时会弹出逼真的记录，您可以试着记录通话。</translation>
    </message>
    <message>
        <source>You can connect your phone system later, in Settings under Accounts.</source>
        <translation>您可以稍后在“设置”的“账户”中连接电话系统。</translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <source>{problem}

File: {path}</source>
        <translation>{problem}

文件：{path}</translation>
    </message>
    <message>
        <source>The newest backup is {backup}. Close CaseLine and restore it with: caseline db restore {backup}</source>
        <translation>最新的备份是 {backup}。请关闭 CaseLine，然后用以下命令恢复：caseline db restore {backup}</translation>
    </message>
    <message>
        <source>CaseLine</source>
        <translation>CaseLine</translation>
    </message>
    <message>
        <source>Loading demo customers and SRs…</source>
        <translation>正在加载演示客户和 SR…</translation>
    </message>
    <message>
        <source>CaseLine is already running with this configuration but does not answer. Close it (or end its process) and start CaseLine again.</source>
        <translation>CaseLine 已使用此配置运行，但没有响应。请关闭它（或结束其进程）后重新启动 CaseLine。</translation>
    </message>
</context>
<context>
    <name>DialBar</name>
    <message>
        <source>Number, name or SIP address (Ctrl+L)</source>
        <translation>号码、姓名或 SIP 地址 (Ctrl+L)</translation>
    </message>
    <message>
        <source>Number to dial</source>
        <translation>要拨打的号码</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>呼叫</translation>
    </message>
    <message>
        <source>Call this number</source>
        <translation>呼叫此号码</translation>
    </message>
</context>
<context>
    <name>EchoTest</name>
    <message>
        <source>No microphone was found.</source>
        <translation>未找到麦克风。</translation>
    </message>
    <message>
        <source>The microphone {device} could not be opened.</source>
        <translation>无法打开麦克风 {device}。</translation>
    </message>
    <message>
        <source>No speaker was found.</source>
        <translation>未找到扬声器。</translation>
    </message>
    <message>
        <source>The speaker {device} could not be opened.</source>
        <translation>无法打开扬声器 {device}。</translation>
    </message>
    <message>
        <source>Speak now… {seconds}</source>
        <translation>请说话… {seconds}</translation>
    </message>
    <message>
        <source>Playing back…</source>
        <translation>正在回放…</translation>
    </message>
    <message>
        <source>Done: did you hear yourself?</source>
        <translation>完成：您听到自己的声音了吗？</translation>
    </message>
    <message>
        <source>The microphone {device} sent no sound. Check that it is plugged in and not switched off.</source>
        <translation>麦克风 {device} 没有传来声音。请检查它是否已连接且未关闭。</translation>
    </message>
    <message>
        <source>The speaker {device} did not play the recording.</source>
        <translation>扬声器 {device} 未能播放录音。</translation>
    </message>
</context>
<context>
    <name>ExplorerView</name>
    <message>
        <source>The first day is after the last day: choose a period that starts before it ends.</source>
        <translation>开始日期晚于结束日期：请选择在结束之前开始的期间。</translation>
    </message>
    <message>
        <source>No calls of your team match these filters.</source>
        <translation>没有符合这些筛选条件的团队通话。</translation>
    </message>
    <message>
        <source>Export the calls</source>
        <translation>导出通话</translation>
    </message>
    <message>
        <source>calls</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Exporting calls</source>
        <translation>正在导出通话</translation>
    </message>
    <message>
        <source>Exported to {paths}</source>
        <translation>已导出到 {paths}</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>开始日期(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>结束日期(&amp;T)：</translation>
    </message>
    <message>
        <source>A&amp;gent:</source>
        <translation>坐席(&amp;G)：</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>时区(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Direction:</source>
        <translation>方向(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Outcome:</source>
        <translation>结果(&amp;O)：</translation>
    </message>
    <message>
        <source>D&amp;isposition:</source>
        <translation>处理结果(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Queue:</source>
        <translation>队列(&amp;Q)：</translation>
    </message>
    <message>
        <source>&amp;SR:</source>
        <translation>SR(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Number:</source>
        <translation>号码(&amp;N)：</translation>
    </message>
    <message>
        <source>Note searc&amp;h:</source>
        <translation>搜索备注(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Poor call quality only</source>
        <translation>仅通话质量差的(&amp;P)</translation>
    </message>
    <message>
        <source>Calls whose estimated MOS fell below {mos}: loss, jitter or delay on the line</source>
        <translation>估算 MOS 低于 {mos} 的通话：线路有丢包、抖动或延迟</translation>
    </message>
    <message>
        <source>Words in any note of the call or its SR (Japanese, Chinese, English)</source>
        <translation>通话或其 SR 的任意备注中的词语（日语、中文、英语）</translation>
    </message>
    <message>
        <source>Search the notes</source>
        <translation>搜索备注</translation>
    </message>
    <message>
        <source>SR number</source>
        <translation>SR 编号</translation>
    </message>
    <message>
        <source>Any spelling</source>
        <translation>任意写法</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Every call of these filters to Excel or CSV</source>
        <translation>将符合这些筛选条件的所有通话导出为 Excel 或 CSV</translation>
    </message>
    <message>
        <source>Your team&apos;s calls</source>
        <translation>您团队的通话</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>Language: {language}</source>
        <translation>语言：{language}</translation>
    </message>
    <message>
        <source>Language: system default ({language})</source>
        <translation>语言：系统默认（{language}）</translation>
    </message>
    <message>
        <source>Demo data. Direct calls to: {address}</source>
        <translation>演示数据。直接呼叫地址：{address}</translation>
    </message>
    <message>
        <source>Phone system account {name}: {address} over {transport}</source>
        <translation>电话系统账户 {name}：{address}，使用 {transport}</translation>
    </message>
    <message>
        <source>On this desktop CaseLine uses GNOME Keyring: install the gnome-keyring package, then log out and in again, and press Try again.</source>
        <translation>在此桌面上 CaseLine 使用 GNOME Keyring：请安装 gnome-keyring 软件包，然后注销并重新登录，再按“重试”。</translation>
    </message>
    <message>
        <source>On KDE CaseLine uses KWallet: turn it on in System Settings under KDE Wallet, then press Try again.</source>
        <translation>在 KDE 上 CaseLine 使用 KWallet：请在“系统设置”的“KDE 钱包”中启用它，然后按“重试”。</translation>
    </message>
    <message>
        <source>Install KeePassXC and turn on its Secret Service integration (Tools, Settings, Secret Service Integration), or install GNOME Keyring; then press Try again.</source>
        <translation>请安装 KeePassXC 并启用其 Secret Service 集成（工具、设置、Secret Service 集成），或安装 GNOME Keyring；然后按“重试”。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>准备就绪</translation>
    </message>
    <message>
        <source>Press Finish to save these settings. You can change them at any time in Settings.</source>
        <translation>点击“完成”保存这些设置。您可以随时在“设置”中更改。</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up CaseLine</source>
        <translation>设置 CaseLine</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Finish and save</source>
        <translation>完成并保存</translation>
    </message>
    <message>
        <source>Cancel setup</source>
        <translation>取消设置</translation>
    </message>
</context>
<context>
    <name>HealthIndicator</name>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>需要注意</translation>
    </message>
    <message>
        <source>calls cannot reach you</source>
        <translation>无法接到来电</translation>
    </message>
    <message>
        <source>Phone status: {level}. {summary}</source>
        <translation>电话状态：{level}。{summary}</translation>
    </message>
</context>
<context>
    <name>IdlePage</name>
    <message>
        <source>No call right now</source>
        <translation>当前没有通话</translation>
    </message>
    <message>
        <source>The caller&apos;s SR opens here when you answer. Ctrl+L to dial, Ctrl+F to find an SR, F1 for all keys.</source>
        <translation>接听来电后，来电者的 SR 会在此处打开。按 Ctrl+L 拨号，Ctrl+F 查找 SR，F1 查看所有快捷键。</translation>
    </message>
</context>
<context>
    <name>IncomingPopup</name>
    <message>
        <source>Call waiting</source>
        <translation>呼叫等待</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Looking up the caller…</source>
        <translation>正在查找来电者…</translation>
    </message>
    <message>
        <source>Speaks: {language}</source>
        <translation>使用语言：{language}</translation>
    </message>
    <message numerus="yes">
        <source>Repeat caller: %n call(s) this week, last %1</source>
        <translation>
            <numerusform>重复来电：本周 %n 次，最近一次 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>{number}: {title}
{priority} · {status}</source>
        <translation>{number}：{title}
{priority} · {status}</translation>
    </message>
    <message>
        <source>Transferred with {number} {priority}
{summary}</source>
        <translation>随 {number} {priority} 转接
{summary}</translation>
    </message>
    <message numerus="yes">
        <source>%n candidate SR(s)</source>
        <translation>
            <numerusform>%n 个候选 SR</numerusform>
        </translation>
    </message>
    <message>
        <source>New SR</source>
        <translation>新建 SR</translation>
    </message>
    <message>
        <source>Answer ({keys})</source>
        <translation>接听 ({keys})</translation>
    </message>
    <message>
        <source>Decline ({keys})</source>
        <translation>拒接 ({keys})</translation>
    </message>
    <message>
        <source>Answer the call</source>
        <translation>接听来电</translation>
    </message>
    <message>
        <source>Decline the call</source>
        <translation>拒接来电</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Key {key}</source>
        <translation>按键 {key}</translation>
    </message>
</context>
<context>
    <name>KpiTab</name>
    <message>
        <source>The first day is after the last day: choose a period that starts before it ends.</source>
        <translation>开始日期晚于结束日期：请选择在结束之前开始的期间。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Export the KPI report</source>
        <translation>导出 KPI 报告</translation>
    </message>
    <message>
        <source>kpi-report</source>
        <translation>KPI报告</translation>
    </message>
    <message>
        <source>Exporting the KPI report</source>
        <translation>正在导出 KPI 报告</translation>
    </message>
    <message>
        <source>Exported to {paths}</source>
        <translation>已导出到 {paths}</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>开始日期(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>结束日期(&amp;T)：</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>时区(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Per:</source>
        <translation>汇总单位(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;By:</source>
        <translation>分组(&amp;B)：</translation>
    </message>
    <message>
        <source>States on:</source>
        <translation>状态日期：</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Whole period</source>
        <translation>整个期间</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>E&amp;xport report…</source>
        <translation>导出报告(&amp;X)…</translation>
    </message>
    <message>
        <source>Every KPI table of the period to Excel (a sheet per table) or CSV</source>
        <translation>将该期间的所有 KPI 表导出为 Excel（每个表一个工作表）或 CSV</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Agent states</source>
        <translation>坐席状态</translation>
    </message>
    <message>
        <source>Occupancy</source>
        <translation>占用率</translation>
    </message>
    <message>
        <source>Call quality</source>
        <translation>通话质量</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Available</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>未注册</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已注册</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>被服务器拒绝</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>正在重试</translation>
    </message>
    <message>
        <source>Server unreachable</source>
        <translation>无法连接服务器</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation>正在呼叫…</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>对方振铃中…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已接通</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>System default ({language})</source>
        <translation>系统默认（{language}）</translation>
    </message>
    <message>
        <source>Use the system language ({language})</source>
        <translation>使用系统语言（{language}）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>LeftDraftsDialog</name>
    <message>
        <source>Notes not saved when CaseLine stopped</source>
        <translation>CaseLine 停止时未保存的备注</translation>
    </message>
    <message>
        <source>CaseLine stopped before these notes were saved. Save them to their SRs (a call without an SR keeps its note in the call history), keep them for later, or discard them.</source>
        <translation>CaseLine 在这些备注保存之前停止了。可将其保存到各自的 SR（没有 SR 的通话会把备注保存在通话记录中）、稍后处理或丢弃。</translation>
    </message>
    <message>
        <source>&amp;Save as notes</source>
        <translation>保存为备注(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Keep for later</source>
        <translation>稍后处理(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Discard them</source>
        <translation>丢弃(&amp;D)</translation>
    </message>
    <message>
        <source>{number} — {title}</source>
        <translation>{number} — {title}</translation>
    </message>
    <message>
        <source>No SR yet</source>
        <translation>尚无 SR</translation>
    </message>
    <message>
        <source>{where} · call of {time} with {caller}</source>
        <translation>{where} · {time} 与 {caller} 的通话</translation>
    </message>
    <message>
        <source>an unknown caller</source>
        <translation>未知来电者</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <source>Microphone level</source>
        <translation>麦克风音量</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Quit CaseLine</source>
        <translation>退出 CaseLine</translation>
    </message>
    <message>
        <source>You are on a call. Quitting hangs it up. Quit anyway?</source>
        <translation>您正在通话中。退出将挂断通话。仍要退出吗？</translation>
    </message>
    <message>
        <source>CaseLine</source>
        <translation>CaseLine</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Active calls</source>
        <translation>当前通话</translation>
    </message>
    <message>
        <source>Queue watch</source>
        <translation>队列监控</translation>
    </message>
    <message>
        <source>Status updates</source>
        <translation>状态跟进</translation>
    </message>
    <message>
        <source>Call the first due &amp;callback</source>
        <translation>拨打第一个到期的回电(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;State</source>
        <translation>状态(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Save &amp;diagnostics…</source>
        <translation>保存诊断信息(&amp;D)…</translation>
    </message>
    <message>
        <source>A zip for your support desk: versions, settings, the recent log and the connection test, with every password removed</source>
        <translation>供技术支持使用的 zip：版本、设置、近期日志和连接测试结果，所有密码均已移除</translation>
    </message>
    <message>
        <source>Show CaseLine</source>
        <translation>显示 CaseLine</translation>
    </message>
    <message>
        <source>Direct calls: {address}</source>
        <translation>直接呼叫：{address}</translation>
    </message>
    <message numerus="yes">
        <source>Translation queue (%n)</source>
        <translation>
            <numerusform>翻译队列 (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Translation queue</source>
        <translation>翻译队列</translation>
    </message>
    <message>
        <source>{number}: {exception}</source>
        <translation>{number}:{exception}</translation>
    </message>
    <message numerus="yes">
        <source>%n new exception(s) in the team&apos;s queues</source>
        <translation>
            <numerusform>团队队列中有 %n 个新异常</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Callbacks (%n due)</source>
        <translation>
            <numerusform>回电（%n 个到期）</numerusform>
        </translation>
    </message>
    <message>
        <source>Callbacks</source>
        <translation>回电</translation>
    </message>
    <message>
        <source>{who}, {number}</source>
        <translation>{who}，{number}</translation>
    </message>
    <message>
        <source>Callback due: {text}</source>
        <translation>回电时间到：{text}</translation>
    </message>
    <message>
        <source>Callback due (Ctrl+Shift+B calls)</source>
        <translation>回电时间到（按 Ctrl+Shift+B 拨打）</translation>
    </message>
    <message numerus="yes">
        <source>Call history (%n missed)</source>
        <translation>
            <numerusform>通话记录（%n 个未接）</numerusform>
        </translation>
    </message>
    <message>
        <source>Call history</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Missed call from {who}</source>
        <translation>来自 {who} 的未接来电</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>保持中</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>{number} · {title}</source>
        <translation>{number} · {title}</translation>
    </message>
    <message>
        <source>Choose the SR for the call of {time} with {who}; its note goes there.</source>
        <translation>请为 {time} 与 {who} 的通话选择 SR；其备注将转到该 SR。</translation>
    </message>
    <message>
        <source>The call is now on {number}.</source>
        <translation>通话已关联到 {number}。</translation>
    </message>
    <message numerus="yes">
        <source>Note draft saved (%n character(s))</source>
        <translation>
            <numerusform>备注草稿已保存（%n 个字符）</numerusform>
        </translation>
    </message>
    <message>
        <source>This call has no SR: its note is kept with the call in the history. Attach it to an SR there (right-click the call).</source>
        <translation>此通话没有 SR：备注保存在通话记录中的该通话上。请在通话记录中（右键点击通话）将其关联到 SR。</translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) saved to {number}.</source>
        <translation>
            <numerusform>已将 %n 条备注保存到 {number}。</numerusform>
        </translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>保存诊断信息</translation>
    </message>
    <message>
        <source>Zip archives (*.zip)</source>
        <translation>Zip 压缩包 (*.zip)</translation>
    </message>
    <message>
        <source>Collecting diagnostics…</source>
        <translation>正在收集诊断信息…</translation>
    </message>
    <message>
        <source>Diagnostics saved to {path}; passwords were removed.</source>
        <translation>诊断信息已保存到 {path}；密码已移除。</translation>
    </message>
    <message>
        <source>The diagnostics could not be saved: {detail}</source>
        <translation>无法保存诊断信息：{detail}</translation>
    </message>
    <message>
        <source>Choose the SR for the call with {who}.</source>
        <translation>请为与 {who} 的通话选择 SR。</translation>
    </message>
    <message>
        <source>CaseLine cannot dial this link: {link}</source>
        <translation>CaseLine 无法拨打此链接：{link}</translation>
    </message>
    <message>
        <source>Call?</source>
        <translation>要呼叫吗？</translation>
    </message>
    <message>
        <source>Call {number}?</source>
        <translation>呼叫 {number}？</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>呼叫</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>CaseLine — {state}</source>
        <translation>CaseLine — {state}</translation>
    </message>
    <message>
        <source>Calls cannot reach you</source>
        <translation>无法接到来电</translation>
    </message>
    <message>
        <source>The case database is working again.</source>
        <translation>工单数据库已恢复正常。</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>扬声器</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>耳机</translation>
    </message>
    <message>
        <source>Talking on the speaker (hands-free). Click to switch to the headset.</source>
        <translation>正在使用扬声器（免提）通话。单击切换到耳机。</translation>
    </message>
    <message>
        <source>Talking on the headset. Click to switch to the speaker (hands-free).</source>
        <translation>正在使用耳机通话。单击切换到扬声器（免提）。</translation>
    </message>
    <message>
        <source>Sound device</source>
        <translation>音频设备</translation>
    </message>
</context>
<context>
    <name>MissedCallNotice</name>
    <message>
        <source>a withheld number</source>
        <translation>隐藏号码</translation>
    </message>
    <message>
        <source>Missed call from {who}</source>
        <translation>来自 {who} 的未接来电</translation>
    </message>
    <message numerus="yes">
        <source>%n missed calls</source>
        <translation>
            <numerusform>%n 个未接来电</numerusform>
        </translation>
    </message>
    <message>
        <source>Latest: {caller}</source>
        <translation>最近: {caller}</translation>
    </message>
    <message>
        <source>{details}
Click here to call back {who}.</source>
        <translation>{details}
点击此处回拨 {who}。</translation>
    </message>
    <message>
        <source>Call back {who}</source>
        <translation>回拨 {who}</translation>
    </message>
</context>
<context>
    <name>ModePage</name>
    <message>
        <source>How will you take calls?</source>
        <translation>您将如何接听电话？</translation>
    </message>
    <message>
        <source>&amp;Connect to my phone system</source>
        <translation>连接到我的电话系统(&amp;C)</translation>
    </message>
    <message>
        <source>Connect to my phone system</source>
        <translation>连接到我的电话系统</translation>
    </message>
    <message>
        <source>Your company&apos;s PBX or a SIP provider. You need the server address, your user name or extension and your password.</source>
        <translation>贵公司的 PBX 或 SIP 服务提供商。您需要服务器地址、用户名或分机号以及密码。</translation>
    </message>
    <message>
        <source>&amp;Try with demo data — no phone system needed</source>
        <translation>使用演示数据试用(&amp;T)——无需电话系统</translation>
    </message>
    <message>
        <source>Try with demo data</source>
        <translation>使用演示数据试用</translation>
    </message>
    <message>
        <source>Explore CaseLine with sample customers and service requests; other phones on your network can call you directly.</source>
        <translation>使用示例客户和服务请求体验 CaseLine；您网络中的其他电话可以直接呼叫您。</translation>
    </message>
</context>
<context>
    <name>NewCaseForm</name>
    <message>
        <source>New SR</source>
        <translation>新建 SR</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>C&amp;ontact</source>
        <translation>联系人(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>标题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>优先级(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>队列(&amp;Q)</translation>
    </message>
    <message>
        <source>Confirmed with the &amp;caller</source>
        <translation>已与来电者确认(&amp;C)</translation>
    </message>
    <message>
        <source>Contact name</source>
        <translation>联系人姓名</translation>
    </message>
    <message>
        <source>The caller&apos;s name, if they gave it</source>
        <translation>来电者的姓名（如已告知）</translation>
    </message>
    <message>
        <source>The caller&apos;s language</source>
        <translation>来电者的语言</translation>
    </message>
    <message>
        <source>SR title</source>
        <translation>SR 标题</translation>
    </message>
    <message>
        <source>In a few words: what is the problem?</source>
        <translation>简要说明：遇到了什么问题？</translation>
    </message>
    <message>
        <source>SR description</source>
        <translation>SR 描述</translation>
    </message>
    <message>
        <source>SR priority</source>
        <translation>SR 优先级</translation>
    </message>
    <message>
        <source>Priority confirmed with the caller</source>
        <translation>已与来电者确认优先级</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>&amp;Save SR (Ctrl+S)</source>
        <translation>保存 SR(&amp;S) (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save the new SR</source>
        <translation>保存新 SR</translation>
    </message>
    <message>
        <source>New SR for {caller}</source>
        <translation>为 {caller} 新建 SR</translation>
    </message>
    <message>
        <source>no number</source>
        <translation>无号码</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Their next call from this number will find this SR.</source>
        <translation>对方下次从此号码来电时，将自动找到此 SR。</translation>
    </message>
    <message>
        <source>A title is required.</source>
        <translation>标题为必填项。</translation>
    </message>
    <message>
        <source>The title is too long ({count} of at most {limit} characters).</source>
        <translation>标题过长（{count} 个字符，最多 {limit} 个）。</translation>
    </message>
</context>
<context>
    <name>NoteLanguage</name>
    <message>
        <source>Note written in {language}</source>
        <translation>备注语言：{language}</translation>
    </message>
    <message>
        <source>The language the note is written in: it follows the text until you pick one.</source>
        <translation>备注所用的语言：在您选择之前，根据输入内容自动判断。</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>How did the callback go?</source>
        <translation>回电结果如何？</translation>
    </message>
    <message>
        <source>Callback to {who} ({number})</source>
        <translation>回电给 {who}（{number}）</translation>
    </message>
    <message>
        <source>&amp;Outcome</source>
        <translation>结果(&amp;O)</translation>
    </message>
    <message>
        <source>Call &amp;again at</source>
        <translation>再次回电时间(&amp;A)</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
</context>
<context>
    <name>OverdueCallbackModel</name>
    <message>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>Overdue by</source>
        <translation>逾期时长</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>SR title</source>
        <translation>SR 标题</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>{duration} (over an hour)</source>
        <translation>{duration}（超过1小时）</translation>
    </message>
    <message>
        <source>Overdue by more than an hour</source>
        <translation>已逾期超过1小时</translation>
    </message>
</context>
<context>
    <name>OverdueCallbacks</name>
    <message>
        <source>less than 1 min</source>
        <translation>不到1分钟</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days}天{hours}小时</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours}小时{minutes}分钟</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes}分钟</translation>
    </message>
</context>
<context>
    <name>OverdueCallbacksTab</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>{error} The list below is from {time}.</source>
        <translation>{error} 下方列表为 {time} 时的数据。</translation>
    </message>
    <message>
        <source>Longest waiting first. Updated at {time}.</source>
        <translation>按等待时间从长到短排列。更新于 {time}。</translation>
    </message>
    <message numerus="yes">
        <source>Only the %n longest waiting are shown.</source>
        <translation>
            <numerusform>仅显示等待最久的 %n 条。</numerusform>
        </translation>
    </message>
    <message>
        <source>Overdue &amp;callbacks</source>
        <translation>逾期回电(&amp;C)</translation>
    </message>
    <message numerus="yes">
        <source>Overdue &amp;callbacks (%n)</source>
        <translation>
            <numerusform>逾期回电 (%n)(&amp;C)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Read the overdue callbacks again (they are read every minute while this window is open)</source>
        <translation>重新读取逾期回电（此窗口打开期间每分钟读取一次）</translation>
    </message>
    <message>
        <source>No overdue callbacks</source>
        <translation>没有逾期回电</translation>
    </message>
    <message>
        <source>Your team&apos;s overdue callbacks</source>
        <translation>您团队的逾期回电</translation>
    </message>
</context>
<context>
    <name>QueueWatch</name>
    <message>
        <source>Past target time</source>
        <translation>已超目标时间</translation>
    </message>
    <message>
        <source>Language not taken here</source>
        <translation>本队列不受理该语言</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Priority not confirmed</source>
        <translation>优先级未确认</translation>
    </message>
    <message>
        <source>Translation overdue</source>
        <translation>翻译逾期</translation>
    </message>
    <message>
        <source>No recent update</source>
        <translation>长时间未更新</translation>
    </message>
    <message>
        <source>(no queue)</source>
        <translation>(无队列)</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>The reason is too long.</source>
        <translation>原因过长。</translation>
    </message>
    <message>
        <source>Choose a queue.</source>
        <translation>请选择队列。</translation>
    </message>
    <message>
        <source>The SR is already in that queue.</source>
        <translation>该 SR 已在此队列中。</translation>
    </message>
    <message>
        <source>You own this SR already.</source>
        <translation>您已是该 SR 的负责人。</translation>
    </message>
    <message>
        <source>This SR is escalated already.</source>
        <translation>该 SR 已升级。</translation>
    </message>
    <message>
        <source>The SR changed since the watch showed it; look again.</source>
        <translation>显示后该 SR 已被更改,请重新查看。</translation>
    </message>
</context>
<context>
    <name>QueueWatchView</name>
    <message>
        <source>The queue watch could not be read: {reason}</source>
        <translation>无法读取队列监控:{reason}</translation>
    </message>
    <message>
        <source>{queue} · {language} ({count})</source>
        <translation>{queue} · {language}({count})</translation>
    </message>
    <message numerus="yes">
        <source>%n with exceptions</source>
        <translation>
            <numerusform>%n 个异常</numerusform>
        </translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>(无人)</translation>
    </message>
    <message>
        <source>Status {status}; last update {updated}; target {due}</source>
        <translation>状态 {status};最后更新 {updated};目标 {due}</translation>
    </message>
    <message>
        <source>Not synced yet: this PC&apos;s own SRs only</source>
        <translation>尚未同步:仅本机的 SR</translation>
    </message>
    <message>
        <source>As of {time} (last sync)</source>
        <translation>截至 {time}(上次同步)</translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) with exceptions</source>
        <translation>
            <numerusform>%n 个 SR 有异常</numerusform>
        </translation>
    </message>
    <message>
        <source>No exceptions in the team&apos;s queues.</source>
        <translation>团队队列中没有异常。</translation>
    </message>
    <message>
        <source>No open SRs in the team&apos;s queues.</source>
        <translation>团队队列中没有未结 SR。</translation>
    </message>
    <message>
        <source>Who is signed in is not known yet; try again.</source>
        <translation>尚不知道当前登录的坐席,请重试。</translation>
    </message>
    <message>
        <source>Took ownership from {owner} (queue watch).</source>
        <translation>已从 {owner} 接手(队列监控)。</translation>
    </message>
    <message>
        <source>Took ownership (queue watch).</source>
        <translation>已接手(队列监控)。</translation>
    </message>
    <message>
        <source>{number}: yours now.</source>
        <translation>{number}:现由您负责。</translation>
    </message>
    <message>
        <source>Route {number} from {queue} to:</source>
        <translation>将 {number} 从 {queue} 转派到:</translation>
    </message>
    <message>
        <source>Escalate {number}: why?</source>
        <translation>升级 {number}:原因?</translation>
    </message>
    <message>
        <source>{number} routed to {queue}.</source>
        <translation>{number} 已转派到 {queue}。</translation>
    </message>
    <message>
        <source>Routed from {old} to {new} (queue watch). Reason:</source>
        <translation>从 {old} 转派到 {new}(队列监控)。原因:</translation>
    </message>
    <message>
        <source>{number} escalated.</source>
        <translation>{number} 已升级。</translation>
    </message>
    <message>
        <source>Escalated (queue watch). Reason:</source>
        <translation>已升级(队列监控)。原因:</translation>
    </message>
    <message>
        <source>Open the SR</source>
        <translation>打开 SR</translation>
    </message>
    <message>
        <source>Take ownership</source>
        <translation>接手</translation>
    </message>
    <message>
        <source>Route…</source>
        <translation>转派…</translation>
    </message>
    <message>
        <source>Escalate…</source>
        <translation>升级…</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Queue watch: the team&apos;s SRs by queue and language, exceptions first</source>
        <translation>队列监控:按队列和语言列出团队的 SR,异常优先</translation>
    </message>
    <message>
        <source>&amp;Take</source>
        <translation>接手(&amp;T)</translation>
    </message>
    <message>
        <source>Take ownership of the selected SR</source>
        <translation>接手所选 SR</translation>
    </message>
    <message>
        <source>&amp;Route…</source>
        <translation>转派(&amp;R)…</translation>
    </message>
    <message>
        <source>Move the SR to another queue, with a reason</source>
        <translation>附原因将 SR 移到其他队列</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>升级(&amp;E)…</translation>
    </message>
    <message>
        <source>Escalate the SR, with a reason</source>
        <translation>附原因升级 SR</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>&amp;Queue</source>
        <translation>队列(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Reason, noted on the SR</source>
        <translation>原因(记录在 SR 上)</translation>
    </message>
    <message>
        <source>Route the SR</source>
        <translation>转派 SR</translation>
    </message>
    <message>
        <source>Queue to route to</source>
        <translation>转派到的队列</translation>
    </message>
    <message>
        <source>Escalate the SR</source>
        <translation>升级 SR</translation>
    </message>
</context>
<context>
    <name>Ringer</name>
    <message>
        <source>Your sound file {file} could not be played; the standard sound is used.</source>
        <translation>无法播放您的声音文件 {file}，将使用标准声音。</translation>
    </message>
    <message>
        <source>The sound {file} could not be played.</source>
        <translation>无法播放声音 {file}。</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>Schedule a callback</source>
        <translation>安排回电</translation>
    </message>
    <message>
        <source>&amp;When</source>
        <translation>时间(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Number</source>
        <translation>号码(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>安排</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Allow an unencrypted connection to the central database</source>
        <translation>允许与中央数据库的未加密连接</translation>
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
        <translation>TLS（加密）</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>When the other side supports it</source>
        <translation>对方支持时使用</translation>
    </message>
    <message>
        <source>Required (refuse unencrypted calls)</source>
        <translation>必须（拒绝未加密的通话）</translation>
    </message>
    <message>
        <source>Enter a name for this account.</source>
        <translation>请输入此账户的名称。</translation>
    </message>
    <message>
        <source>Another account already has this name.</source>
        <translation>已有其他账户使用此名称。</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, for example pbx.example.com.</source>
        <translation>请输入服务器地址，例如 pbx.example.com。</translation>
    </message>
    <message>
        <source>This is not a server address. Use host or host:port, for example pbx.example.com:5060.</source>
        <translation>这不是有效的服务器地址。请使用“主机名”或“主机名:端口”格式，例如 pbx.example.com:5060。</translation>
    </message>
    <message>
        <source>Enter your user name or extension.</source>
        <translation>请输入用户名或分机号。</translation>
    </message>
    <message>
        <source>Enter only the user part (for example 1001), without @, : or spaces.</source>
        <translation>请只输入用户部分（例如 1001），不要包含 @、: 或空格。</translation>
    </message>
    <message>
        <source>This is not a SIP domain. Use a host name such as example.com.</source>
        <translation>这不是有效的 SIP 域。请使用主机名，例如 example.com。</translation>
    </message>
    <message>
        <source>This is not a STUN server address. Use host or host:port, for example stun.example.com:3478.</source>
        <translation>这不是有效的 STUN 服务器地址。请使用“主机名”或“主机名:端口”格式，例如 stun.example.com:3478。</translation>
    </message>
    <message>
        <source>This is not a TURN server address. Use host or host:port, for example turn.example.com:3478.</source>
        <translation>这不是 TURN 服务器地址。请使用 主机 或 主机:端口，例如 turn.example.com:3478。</translation>
    </message>
    <message>
        <source>Enter the user name the TURN server gave you.</source>
        <translation>请输入 TURN 服务器提供的用户名。</translation>
    </message>
    <message>
        <source>This version of CaseLine can reach a TURN server over UDP only: its SIP library crashes with TURN over TCP or TLS.</source>
        <translation>此版本的 CaseLine 只能通过 UDP 连接 TURN 服务器：其 SIP 库在通过 TCP 或 TLS 使用 TURN 时会崩溃。</translation>
    </message>
    <message>
        <source>Required encryption needs the TLS transport: the keys travel with the call setup, which only TLS protects.</source>
        <translation>必须加密时需要使用 TLS 传输协议：密钥随通话建立消息一起发送，只有 TLS 能保护它。</translation>
    </message>
    <message>
        <source>Enter 0 (off) to 3600 seconds.</source>
        <translation>请输入 0（关闭）到 3600 秒之间的值。</translation>
    </message>
    <message>
        <source>Enter the password. It is stored in the system keyring.</source>
        <translation>请输入密码。密码将保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>Enter the full path of the file, or leave the field empty for the default location.</source>
        <translation>请输入文件的完整路径，或留空以使用默认位置。</translation>
    </message>
    <message>
        <source>The system keyring is locked. Unlock it and try again; nothing was saved and your changes are still here.</source>
        <translation>系统密钥环已锁定。请解锁后重试；未保存任何内容，您的更改仍保留在此。</translation>
    </message>
    <message>
        <source>No usable system keyring was found, so the password could not be stored. CaseLine keeps passwords only in the system keyring (GNOME Keyring or KWallet, macOS Keychain, Windows Credential Manager): start or unlock it and try again. Nothing was saved.</source>
        <translation>未找到可用的系统密钥环，因此无法保存密码。CaseLine 只将密码保存在系统密钥环中（GNOME Keyring 或 KWallet、macOS 钥匙串、Windows 凭据管理器）：请启动或解锁后重试。未保存任何内容。</translation>
    </message>
    <message>
        <source>The system keyring refused to store the password ({reason}). Nothing was saved; try again.</source>
        <translation>系统密钥环拒绝保存密码（{reason}）。未保存任何内容，请重试。</translation>
    </message>
    <message>
        <source>The case database location {path} is a folder. Choose a file in it, for example caseline.db.</source>
        <translation>工单数据库位置 {path} 是一个文件夹。请在其中选择一个文件，例如 caseline.db。</translation>
    </message>
    <message>
        <source>The settings could not be written to {path} ({reason}). Your changes are still here; try again.</source>
        <translation>无法将设置写入 {path}（{reason}）。您的更改仍保留在此，请重试。</translation>
    </message>
    <message>
        <source>The settings could not be saved ({reason}). Your changes are still here; try again.</source>
        <translation>无法保存设置（{reason}）。您的更改仍保留在此，请重试。</translation>
    </message>
    <message>
        <source>Remove the password from the URL (write role@host, not role:password@host) and type it in the Password field instead: it is stored in the system keyring, never in the settings file.</source>
        <translation>请从 URL 中删除密码（写成 role@host，而不是 role:password@host），并在“密码”栏中输入：密码保存在系统密钥环中，绝不写入设置文件。</translation>
    </message>
    <message>
        <source>This is not a PostgreSQL URL. Use postgresql://role@host:5432/database, for example postgresql://alice@db.example.com:5432/caseline.</source>
        <translation>这不是 PostgreSQL URL。请使用 postgresql://角色@主机:5432/数据库 的格式，例如 postgresql://alice@db.example.com:5432/caseline。</translation>
    </message>
    <message>
        <source>Put the database role before the host: postgresql://role@host:5432/database.</source>
        <translation>请在主机前写上数据库角色：postgresql://角色@主机:5432/数据库。</translation>
    </message>
    <message>
        <source>The system keyring is locked, so the stored password could not be tried. Unlock it, or type the password, and test again.</source>
        <translation>系统密钥环已锁定，因此未能用已保存的密码进行测试。请解锁密钥环或输入密码，然后重新测试。</translation>
    </message>
    <message>
        <source>No usable system keyring was found, so no stored password could be tried. Type the password and test again.</source>
        <translation>未找到可用的系统密钥环，因此无法使用已保存的密码进行测试。请输入密码后重新测试。</translation>
    </message>
    <message>
        <source>The system keyring could not be read ({reason}), so the stored password could not be tried.</source>
        <translation>无法读取系统密钥环（{reason}），因此未能用已保存的密码进行测试。</translation>
    </message>
    <message>
        <source>The connection test failed.</source>
        <translation>连接测试失败。</translation>
    </message>
    <message>
        <source>Opus (wideband)</source>
        <translation>Opus（宽带）</translation>
    </message>
    <message>
        <source>G.722 (wideband)</source>
        <translation>G.722（宽带）</translation>
    </message>
    <message>
        <source>G.711 μ-law (PCMU)</source>
        <translation>G.711 μ律（PCMU）</translation>
    </message>
    <message>
        <source>G.711 A-law (PCMA)</source>
        <translation>G.711 A律（PCMA）</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>新账户</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>{device} (not connected)</source>
        <translation>{device}（未连接）</translation>
    </message>
    <message>
        <source>Case database file</source>
        <translation>工单数据库文件</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SQLite 数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <source>A password for {role} is stored in the system keyring. Leave the field empty to keep it.</source>
        <translation>{role} 的密码已保存在系统密钥环中。如需继续使用，请将此栏留空。</translation>
    </message>
    <message>
        <source>No password for {role} is stored on this PC yet: type it here.</source>
        <translation>本机尚未保存 {role} 的密码：请在此输入。</translation>
    </message>
    <message>
        <source>Connected: the central database accepted {role} and the password.</source>
        <translation>连接成功：中央数据库已接受 {role} 及其密码。</translation>
    </message>
    <message>
        <source>Some account fields need attention; nothing was saved.</source>
        <translation>部分账户字段需要修改；未保存任何内容。</translation>
    </message>
    <message>
        <source>The database location needs attention; nothing was saved.</source>
        <translation>数据库位置需要修改；未保存任何内容。</translation>
    </message>
    <message>
        <source>The central database URL needs attention; nothing was saved.</source>
        <translation>请检查中央数据库 URL；未保存任何内容。</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>没有需要保存的内容。</translation>
    </message>
    <message>
        <source>Saved. The system keyring could not delete the password of {names}; remove it with your keyring manager.</source>
        <translation>已保存。系统密钥环无法删除 {names} 的密码；请使用密钥环管理器将其删除。</translation>
    </message>
    <message>
        <source>Settings saved. The central database changes apply the next time CaseLine starts.</source>
        <translation>设置已保存。中央数据库的更改将在下次启动 CaseLine 时生效。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>You and language</source>
        <translation>用户与语言</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Central database</source>
        <translation>中央数据库</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>设置页面</translation>
    </message>
    <message>
        <source>{page} ({keys})</source>
        <translation>{page} ({keys})</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Add an account ({keys})</source>
        <translation>添加账户 ({keys})</translation>
    </message>
    <message>
        <source>Add an account</source>
        <translation>添加账户</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>删除(&amp;M)</translation>
    </message>
    <message>
        <source>Remove the selected account (Delete)</source>
        <translation>删除所选账户 (Delete)</translation>
    </message>
    <message>
        <source>Remove the selected account</source>
        <translation>删除所选账户</translation>
    </message>
    <message>
        <source>No phone system account yet. Press Add to connect to your phone system; without one, CaseLine still takes direct calls.</source>
        <translation>尚未添加电话系统账户。点击“添加”连接到电话系统；即使没有账户，CaseLine 仍可接听直接呼叫。</translation>
    </message>
    <message>
        <source>&amp;Microphone:</source>
        <translation>麦克风(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Speaker:</source>
        <translation>扬声器(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Ringing device:</source>
        <translation>振铃设备(&amp;R)：</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>扬声器</translation>
    </message>
    <message>
        <source>Ringing device</source>
        <translation>振铃设备</translation>
    </message>
    <message>
        <source>The ringing device can be loudspeakers, so you hear calls with the headset off.</source>
        <translation>振铃设备可以设为外放音箱，这样摘下耳机时也能听到来电。</translation>
    </message>
    <message>
        <source>Microphone level:</source>
        <translation>麦克风音量：</translation>
    </message>
    <message>
        <source>Echo &amp;test</source>
        <translation>回声测试(&amp;T)</translation>
    </message>
    <message>
        <source>Echo test</source>
        <translation>回声测试</translation>
    </message>
    <message>
        <source>Records 3 seconds from the microphone, then plays them back on the speaker.</source>
        <translation>从麦克风录音 3 秒，然后通过扬声器回放。</translation>
    </message>
    <message>
        <source>Check your headset before a call.</source>
        <translation>通话前请先检查耳机。</translation>
    </message>
    <message>
        <source>&amp;Echo cancellation</source>
        <translation>回声消除(&amp;E)</translation>
    </message>
    <message>
        <source>Echo cancellation</source>
        <translation>回声消除</translation>
    </message>
    <message>
        <source>&amp;Noise suppression</source>
        <translation>噪声抑制(&amp;N)</translation>
    </message>
    <message>
        <source>Noise suppression</source>
        <translation>噪声抑制</translation>
    </message>
    <message>
        <source>Done by the phone engine on its own sound devices (Windows, macOS). Where speech goes through the system&apos;s sound server (Linux), choose the server&apos;s echo-cancelled microphone and speaker instead (PipeWire or PulseAudio echo-cancel).</source>
        <translation>由电话引擎在其自身的音频设备上处理（Windows、macOS）。如果语音经过系统的声音服务器（Linux），请改为选择该服务器提供的已消除回声的麦克风和扬声器（PipeWire 或 PulseAudio echo-cancel）。</translation>
    </message>
    <message>
        <source>C&amp;odecs, best first:</source>
        <translation>编解码器（按优先顺序）(&amp;O)：</translation>
    </message>
    <message>
        <source>Codecs, best first</source>
        <translation>编解码器（按优先顺序）</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move the codec up</source>
        <translation>提高编解码器优先级</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>下移(&amp;D)</translation>
    </message>
    <message>
        <source>Move the codec down</source>
        <translation>降低编解码器优先级</translation>
    </message>
    <message>
        <source>Calls use the first codec in this list that the other side also has; codecs not listed stay available after these. Opus is used only where the SIP stack includes it.</source>
        <translation>通话时使用此列表中对方也支持的第一个编解码器；未列出的编解码器排在这些之后，仍可使用。仅当 SIP 协议栈包含 Opus 时才会使用 Opus。</translation>
    </message>
    <message>
        <source>Codec, echo cancellation and noise suppression changes apply after CaseLine restarts.</source>
        <translation>编解码器、回声消除和噪声抑制的更改将在 CaseLine 重启后生效。</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>您的姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Your notes are signed with it. When CaseLine syncs with a central database, the name your team leader gave you there is used instead.</source>
        <translation>您的备注以此署名。CaseLine 与中央数据库同步时，将改用团队负责人在那里为您设置的姓名。</translation>
    </message>
    <message>
        <source>Language of the CaseLine window:</source>
        <translation>CaseLine 窗口的语言：</translation>
    </message>
    <message>
        <source>The new language applies when you press OK or Apply.</source>
        <translation>点击“确定”或“应用”后，新语言即生效。</translation>
    </message>
    <message>
        <source>&amp;Start CaseLine when I log in (in the tray)</source>
        <translation>登录时启动 CaseLine（在托盘中）(&amp;S)</translation>
    </message>
    <message>
        <source>Start CaseLine when I log in</source>
        <translation>登录时启动 CaseLine</translation>
    </message>
    <message>
        <source>Case database &amp;file:</source>
        <translation>工单数据库文件(&amp;F)：</translation>
    </message>
    <message>
        <source>Default: {path}</source>
        <translation>默认：{path}</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose the case database file</source>
        <translation>选择工单数据库文件</translation>
    </message>
    <message>
        <source>CaseLine opens the database at this location the next time it starts. The current file is neither moved nor copied. Leave the field empty for the default location.</source>
        <translation>CaseLine 下次启动时将打开此位置的数据库。当前文件不会被移动或复制。留空则使用默认位置。</translation>
    </message>
    <message>
        <source>Central database &amp;URL:</source>
        <translation>中央数据库 URL(&amp;U)：</translation>
    </message>
    <message>
        <source>Central database URL</source>
        <translation>中央数据库 URL</translation>
    </message>
    <message>
        <source>postgresql://role@host:5432/database (empty: this PC only)</source>
        <translation>postgresql://角色@主机:5432/数据库（留空：仅限本机）</translation>
    </message>
    <message>
        <source>Set by the environment variable {name}, which takes precedence over this setting: change it there.</source>
        <translation>由环境变量 {name} 设置，优先于此处的设置：请在环境变量中修改。</translation>
    </message>
    <message>
        <source>{title}: on. The administrator set allow_insecure in the settings file: a server on another machine may be reached without TLS, and what is sent can be read on the way.</source>
        <translation>{title}：已开启。管理员在设置文件中设置了 allow_insecure：可能会在没有 TLS 的情况下连接另一台机器上的服务器，发送的内容可能在途中被读取。</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Central database password</source>
        <translation>中央数据库密码</translation>
    </message>
    <message>
        <source>Stored only in the system keyring</source>
        <translation>仅保存在系统密钥环中</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Test the connection to the central database</source>
        <translation>测试与中央数据库的连接</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>CaseLine syncs this PC&apos;s call log, SRs and notes with your team&apos;s central database. Leave the URL empty to work on this PC only. Connection options such as sslmode=verify-full go at the end of the URL, after a question mark. The password is kept in the system keyring, never in the settings file. Changes apply the next time CaseLine starts.</source>
        <translation>CaseLine 会将本机的通话记录、SR 和备注与团队的中央数据库同步。仅在本机使用时，请将 URL 留空。sslmode=verify-full 等连接选项写在 URL 末尾的问号（?）之后。密码保存在系统密钥环中，绝不写入设置文件。更改将在下次启动 CaseLine 时生效。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <source>Save and close</source>
        <translation>保存并关闭</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>不保存并关闭</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Choose a disposition in wrap-up</source>
        <translation>在话后处理中选择处理结果</translation>
    </message>
    <message>
        <source>Finish wrap-up / add note</source>
        <translation>完成话后处理 / 添加备注</translation>
    </message>
    <message>
        <source>Save the SR</source>
        <translation>保存 SR</translation>
    </message>
    <message>
        <source>Call the first due callback</source>
        <translation>拨打第一个到期的回电</translation>
    </message>
</context>
<context>
    <name>SpeechPath</name>
    <message>
        <source>The speaker or headset “{device}” is gone. Sound now plays on the system&apos;s default device.</source>
        <translation>扬声器或耳机“{device}”已断开。声音现在通过系统默认设备播放。</translation>
    </message>
    <message>
        <source>The microphone “{device}” is gone. The system&apos;s default microphone is used now.</source>
        <translation>麦克风“{device}”已断开。现在使用系统默认麦克风。</translation>
    </message>
    <message>
        <source>The speaker could not be opened: you cannot hear the caller. Check the sound device in Settings.</source>
        <translation>无法打开扬声器：您听不到来电者的声音。请在设置中检查音频设备。</translation>
    </message>
    <message>
        <source>The microphone could not be opened: the caller cannot hear you. Check the sound device in Settings.</source>
        <translation>无法打开麦克风：来电者听不到您的声音。请在设置中检查音频设备。</translation>
    </message>
</context>
<context>
    <name>StatePicker</name>
    <message>
        <source>{state}: {reason}</source>
        <translation>{state}：{reason}</translation>
    </message>
    <message>
        <source>Your state: {state}</source>
        <translation>您的状态：{state}</translation>
    </message>
    <message>
        <source>Ringing, on a call and wrap-up follow your calls.</source>
        <translation>“振铃中”“通话中”和“话后处理”状态会随通话自动切换。</translation>
    </message>
</context>
<context>
    <name>StatusUpdatesView</name>
    <message numerus="yes">
        <source>%n SR(s) left to call</source>
        <translation>
            <numerusform>还剩 %n 个 SR 待拨打</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting on the customer, untouched for &amp;days:</source>
        <translation>等待客户回复且未处理的天数(&amp;D)：</translation>
    </message>
    <message>
        <source>Days without a change, note or call</source>
        <translation>没有更改、备注或通话的天数</translation>
    </message>
    <message>
        <source>SRs needing a status update, oldest first</source>
        <translation>需要状态跟进的 SR（最早的在前）</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Last touched</source>
        <translation>最后处理</translation>
    </message>
    <message>
        <source>Start &amp;over</source>
        <translation>重新开始(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Next call</source>
        <translation>下一个电话(&amp;N)</translation>
    </message>
    <message>
        <source>Call the next SR of the run</source>
        <translation>拨打列表中的下一个 SR</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>The central database cannot be reached (this PC is offline or the server is down).</source>
        <translation>无法连接中央数据库（本机已离线或服务器已停止）。</translation>
    </message>
    <message>
        <source>The central database refused the sign-in (wrong role or password).</source>
        <translation>中央数据库拒绝了登录（角色或密码错误）。</translation>
    </message>
    <message>
        <source>The secure connection to the central database failed (its certificate could not be verified).</source>
        <translation>与中央数据库的安全连接失败（无法验证其证书）。</translation>
    </message>
    <message>
        <source>No password for the central database is stored on this PC.</source>
        <translation>本机未保存中央数据库的密码。</translation>
    </message>
    <message>
        <source>The central database was set up by a newer CaseLine: update CaseLine on this PC.</source>
        <translation>中央数据库由更新版本的 CaseLine 创建：请更新本机的 CaseLine。</translation>
    </message>
    <message>
        <source>Sync failed.</source>
        <translation>同步失败。</translation>
    </message>
    <message>
        <source>{old} is now {new}: that number was already taken centrally.</source>
        <translation>{old} 已改为 {new}：该编号在中央已被占用。</translation>
    </message>
    <message>
        <source>{old} is now {new}: the centre confirmed the provisional number.</source>
        <translation>{old} 现在是 {new}：中心已确认该临时编号。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message numerus="yes">
        <source>Offline — %n waiting</source>
        <translation>
            <numerusform>离线 — %n 条待同步</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Sync problem</source>
        <translation>同步出错</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to sync</source>
        <translation>
            <numerusform>%n 条待同步</numerusform>
        </translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation>已同步 {time}</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Central database</source>
        <translation>中央数据库</translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) changed here and centrally at the same time: click the red part to choose which values to keep.</source>
        <translation>
            <numerusform>%n 个SR在本机和中央同时被修改：单击红色部分选择要保留的值。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) on this PC not yet sent.</source>
        <translation>
            <numerusform>本机有 %n 项更改尚未发送。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every change on this PC has been sent.</source>
        <translation>本机的所有更改均已发送。</translation>
    </message>
    <message>
        <source>Last synced: {time}</source>
        <translation>上次同步：{time}</translation>
    </message>
    <message>
        <source>Not synced yet.</source>
        <translation>尚未同步。</translation>
    </message>
    <message>
        <source>Last problem ({time}): {problem}</source>
        <translation>最近一次错误（{time}）：{problem}</translation>
    </message>
    <message>
        <source>Last problem: {problem}</source>
        <translation>最近一次错误：{problem}</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) refused by the central database: they stay on this PC until they are changed.</source>
        <translation>
            <numerusform>中央数据库拒绝了 %n 条记录：在修改之前它们会保留在本机上。</numerusform>
        </translation>
    </message>
    <message>
        <source>Syncing now…</source>
        <translation>正在同步中…</translation>
    </message>
    <message>
        <source>Click to sync now.</source>
        <translation>单击立即同步。</translation>
    </message>
    <message>
        <source>Central database sync: {state}</source>
        <translation>中央数据库同步：{state}</translation>
    </message>
    <message numerus="yes">
        <source>%n SR conflict(s)</source>
        <translation>
            <numerusform>%n 个SR冲突</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Resolve SR conflicts…</source>
        <translation>解决SR冲突…</translation>
    </message>
</context>
<context>
    <name>Team</name>
    <message>
        <source>Free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>同事</translation>
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
        <translation>团队控制台仅供组长使用：中央数据库不允许此登录使用它。</translation>
    </message>
    <message>
        <source>The file could not be written: {reason}</source>
        <translation>无法写入文件：{reason}</translation>
    </message>
    <message>
        <source>The central database could not answer.</source>
        <translation>中央数据库未能响应。</translation>
    </message>
    <message>
        <source>“{zone}” is not a time zone: choose one, or type a name such as Asia/Tokyo.</source>
        <translation>“{zone}”不是时区：请从列表中选择，或输入 Asia/Tokyo 这样的名称。</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV, one file per table (*.csv)</source>
        <translation>CSV，每个表一个文件 (*.csv)</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Reading from the central database: {rows} rows</source>
        <translation>正在从中央数据库读取：{rows} 行</translation>
    </message>
    <message>
        <source>Writing the file: {rows} rows</source>
        <translation>正在写入文件：{rows} 行</translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>拨号盘</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <source>Average talk time</source>
        <translation>平均通话时长</translation>
    </message>
    <message>
        <source>Resolved on first call</source>
        <translation>首次来电解决率</translation>
    </message>
    <message>
        <source>Answered calls on an SR with no further contact on that SR within {days} days: no later call from the customer, answered or not, and no later call to them that they answered. Your team leader&apos;s figures count the same way, with your colleagues&apos; calls too. A call of today counts as resolved until such a contact follows.</source>
        <translation>在 SR 上接听的来电中，{days} 天内同一 SR 没有再次联系的比例。再次联系指客户之后的来电（无论是否接听），以及客户接听了的之后的去电。组长的数据按同样方式计算，并包括同事的通话。今天的来电在出现这样的联系之前都计为已解决。</translation>
    </message>
    <message>
        <source>Today&apos;s calls</source>
        <translation>今日通话</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Blind transfer</source>
        <translation>盲转</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>转接至</translation>
    </message>
    <message>
        <source>Number, extension or SIP address</source>
        <translation>号码、分机号或 SIP 地址</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转接</translation>
    </message>
    <message>
        <source>Transfer the caller to:</source>
        <translation>将来电者转接至：</translation>
    </message>
</context>
<context>
    <name>TranslateDialog</name>
    <message>
        <source>Type the translation first.</source>
        <translation>请先输入译文。</translation>
    </message>
    <message>
        <source>The translation is too long.</source>
        <translation>译文过长。</translation>
    </message>
    <message>
        <source>Translate: {direction}</source>
        <translation>翻译：{direction}</translation>
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
        <translation>译文（{language}）(&amp;T)</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
</context>
<context>
    <name>TranslationQueueView</name>
    <message>
        <source>The translation queue could not be read: {reason}</source>
        <translation>无法读取翻译队列：{reason}</translation>
    </message>
    <message>
        <source>Nothing waits for a translation.</source>
        <translation>没有待翻译的内容。</translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) waiting for a translation, oldest first.</source>
        <translation>
            <numerusform>%n 条内容等待翻译（按时间从早到晚）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>请求时间</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>请求人</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Translation queue, oldest first</source>
        <translation>翻译队列（按时间从早到晚）</translation>
    </message>
    <message>
        <source>&amp;Open and translate</source>
        <translation>打开并翻译(&amp;O)</translation>
    </message>
</context>
<context>
    <name>Translations</name>
    <message>
        <source>Needs translation into {language}</source>
        <translation>需要翻译成{language}</translation>
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
        <translation>备注</translation>
    </message>
    <message>
        <source>SR description</source>
        <translation>SR 描述</translation>
    </message>
    <message>
        <source>{what} · {language}</source>
        <translation>{what} · {language}</translation>
    </message>
    <message>
        <source>Waiting for a translation into {language} since {time} (asked by {name})</source>
        <translation>自 {time} 起等待翻译成{language}（请求人：{name}）</translation>
    </message>
    <message>
        <source>Waiting for a translation into {language} since {time}</source>
        <translation>自 {time} 起等待翻译成{language}</translation>
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
        <translation>译文</translation>
    </message>
    <message>
        <source>Translations: each original beside its translation</source>
        <translation>翻译：原文与译文并排显示</translation>
    </message>
    <message>
        <source>&amp;Translate…</source>
        <translation>翻译(&amp;T)…</translation>
    </message>
    <message>
        <source>Translate the selected text</source>
        <translation>翻译所选内容</translation>
    </message>
    <message>
        <source>Description needs translation</source>
        <translation>请求翻译描述</translation>
    </message>
    <message>
        <source>Puts the SR&apos;s description in the translation queue. To ask for a note, right-click it in Notes.</source>
        <translation>将SR 描述加入翻译队列。要请求翻译备注，请在“备注”中右键单击该备注。</translation>
    </message>
    <message>
        <source>Nothing to translate yet. Right-click a note in Notes to ask for a translation.</source>
        <translation>暂无需要翻译的内容。要请求翻译，请在“备注”中右键单击备注。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to CaseLine</source>
        <translation>欢迎使用 CaseLine</translation>
    </message>
    <message>
        <source>CaseLine answers and places your calls and keeps each one with its service request. A few questions, and you are ready to take calls.</source>
        <translation>CaseLine 为您接听和拨打电话，并将每通电话与对应的服务请求关联。只需回答几个问题，即可开始接听来电。</translation>
    </message>
    <message>
        <source>Language of the CaseLine window:</source>
        <translation>CaseLine 窗口的语言：</translation>
    </message>
    <message>
        <source>Your &amp;name, as your notes are signed:</source>
        <translation>您的姓名(&amp;N)（备注的署名）：</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>With a central database, the name your team leader gave you there is used.</source>
        <translation>使用中央数据库时，将采用团队负责人在那里为您设置的姓名。</translation>
    </message>
</context>
<context>
    <name>WrapUpPanel</name>
    <message>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
    <message>
        <source>&amp;Disposition (1–9)</source>
        <translation>处理结果(&amp;D) (1–9)</translation>
    </message>
    <message>
        <source>&amp;Last note for the SR</source>
        <translation>SR 的最后一条备注(&amp;L)</translation>
    </message>
    <message>
        <source>Done — back to available (Ctrl+Enter)</source>
        <translation>完成——恢复空闲 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Last note</source>
        <translation>最后一条备注</translation>
    </message>
    <message>
        <source>Optional: what was agreed, next steps. Kept if the timer runs out.</source>
        <translation>可选：约定的内容、后续步骤。计时结束也会保存。</translation>
    </message>
    <message>
        <source>Finish wrap-up</source>
        <translation>完成话后处理</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>No usable keyring: {detail}. CaseLine keeps passwords only in the system keyring (GNOME Keyring/KWallet on Linux, Keychain on macOS, Credential Manager on Windows); start or unlock it and try again.</source>
        <translation>没有可用的密钥环：{detail}。CaseLine 只将密码保存在系统密钥环中（Linux 上为 GNOME Keyring/KWallet，macOS 上为钥匙串，Windows 上为凭据管理器）；请启动或解锁密钥环后重试。</translation>
    </message>
    <message>
        <source>OK      {step}: {detail}</source>
        <translation>通过    {step}: {detail}</translation>
    </message>
    <message>
        <source>FAILED  {step}: {detail}</source>
        <translation>失败    {step}: {detail}</translation>
    </message>
    <message>
        <source>Self-test passed (%n steps).</source>
        <translation>自检通过（%n 项）。</translation>
    </message>
    <message>
        <source>Self-test failed at step {step} (%n failing).</source>
        <translation>自检在 {step} 步骤失败（%n 项失败）。</translation>
    </message>
    <message>
        <source>Qt started without a platform plugin: the bundle lacks Qt&apos;s platforms folder.</source>
        <translation>Qt 启动时没有平台插件：安装包缺少 Qt 的 platforms 文件夹。</translation>
    </message>
    <message>
        <source>Qt {version} on the {platform} platform</source>
        <translation>Qt {version}（{platform} 平台）</translation>
    </message>
    <message>
        <source>The {language} translation does not load from {path}.</source>
        <translation>无法从 {path} 加载 {language} 翻译。</translation>
    </message>
    <message>
        <source>A new store stopped at revision {revision}, not {head}: migrations are missing.</source>
        <translation>新建的存储停在修订版 {revision}，而不是 {head}：缺少迁移脚本。</translation>
    </message>
    <message>
        <source>a new store migrated to revision {revision}</source>
        <translation>新建的存储已迁移到修订版 {revision}</translation>
    </message>
    <message>
        <source>The central database&apos;s migrations are missing from {path}.</source>
        <translation>{path} 中缺少中央数据库的迁移脚本。</translation>
    </message>
    <message>
        <source>PostgreSQL client library {libpq}; central schema revision {head}</source>
        <translation>PostgreSQL 客户端库 {libpq}；中央架构修订版 {head}</translation>
    </message>
    <message>
        <source>No safe system keyring ({backend}): passwords cannot be kept. Run `caseline doctor` to see which service to start.</source>
        <translation>没有安全的系统密钥环（{backend}）：无法保存密码。运行 `caseline doctor` 查看应启动哪个服务。</translation>
    </message>
    <message>
        <source>The keyring ({backend}) did not keep a test secret: {detail}</source>
        <translation>密钥环（{backend}）未能保存测试机密：{detail}</translation>
    </message>
    <message>
        <source>The SIP engine&apos;s call to itself got no further than waiting for {what} ({seconds} s).</source>
        <translation>SIP 引擎呼叫自身时停在等待{what}这一步（{seconds} 秒）。</translation>
    </message>
    <message>
        <source>the incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>the answer</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>the tone</source>
        <translation>音调</translation>
    </message>
    <message>
        <source>the hang-up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>another secret came back</source>
        <translation>取回的机密与存入的不同</translation>
    </message>
    <message>
        <source>The SIP engine&apos;s call to itself connected, but no sound came through (level {rms}).</source>
        <translation>SIP 引擎呼叫自身已接通，但没有声音传过来（电平 {rms}）。</translation>
    </message>
    <message>
        <source>a call to itself over loopback carried the tone (level {rms})</source>
        <translation>通过环回呼叫自身，音调已传达（电平 {rms}）</translation>
    </message>
    <message>
        <source>The keyring is locked: unlock it and try again ({detail}).</source>
        <translation>密钥环已锁定：请解锁后重试（{detail}）。</translation>
    </message>
    <message>
        <source>The keyring refused the operation: {detail}</source>
        <translation>密钥环拒绝了此操作：{detail}</translation>
    </message>
    <message>
        <source>Configuration problem ({code}): {detail}</source>
        <translation>配置有问题（{code}）：{detail}</translation>
    </message>
    <message>
        <source>An account named {name!r} already exists; remove it first.</source>
        <translation>名为 {name!r} 的账户已存在；请先将其删除。</translation>
    </message>
    <message>
        <source>No account named {name!r}.</source>
        <translation>没有名为 {name!r} 的账户。</translation>
    </message>
    <message>
        <source>The password is empty; nothing was stored.</source>
        <translation>密码为空；未保存任何内容。</translation>
    </message>
    <message>
        <source>No accounts. Add one with: caseline account add --server S --user U</source>
        <translation>没有账户。可用以下命令添加：caseline account add --server S --user U</translation>
    </message>
    <message>
        <source>Account {name!r} saved in {path}; its password is in the keyring.</source>
        <translation>账户 {name!r} 已保存到 {path}；其密码保存在密钥环中。</translation>
    </message>
    <message>
        <source>Account {name!r} removed.</source>
        <translation>账户 {name!r} 已删除。</translation>
    </message>
    <message>
        <source>The SIP engine could not start ({code}): {detail}</source>
        <translation>SIP 引擎无法启动（{code}）：{detail}</translation>
    </message>
    <message>
        <source>The case database {path} is locked by another program ({detail}). Close the other CaseLine window or tool using it and try again; nothing was written.</source>
        <translation>工单数据库 {path} 被其他程序锁定（{detail}）。请关闭正在使用它的其他 CaseLine 窗口或工具后重试；未写入任何内容。</translation>
    </message>
    <message>
        <source>The case database {path} is damaged ({detail}). The newest backup is {backup}; restore it with: caseline db restore {backup}</source>
        <translation>工单数据库 {path} 已损坏（{detail}）。最新的备份是 {backup}；可用以下命令恢复：caseline db restore {backup}</translation>
    </message>
    <message>
        <source>The case database {path} is damaged ({detail}) and there is no backup. Move the file aside to start an empty one, or copy it for repair.</source>
        <translation>工单数据库 {path} 已损坏（{detail}），且没有备份。将该文件移到别处即可从空数据库开始，或复制一份用于修复。</translation>
    </message>
    <message>
        <source>The case database {path} cannot be written: {detail}</source>
        <translation>无法写入工单数据库 {path}：{detail}</translation>
    </message>
    <message>
        <source>The case database {path} was written by a newer CaseLine (schema {detail}); update CaseLine to open it.</source>
        <translation>工单数据库 {path} 由更新版本的 CaseLine 写入（架构 {detail}）；请更新 CaseLine 后再打开。</translation>
    </message>
    <message>
        <source>The case database {path} failed: {detail}</source>
        <translation>工单数据库 {path} 出错：{detail}</translation>
    </message>
    <message>
        <source>The case database {path} could not be migrated ({detail}); it was left as it was.</source>
        <translation>无法迁移工单数据库 {path}（{detail}）；数据库保持原样。</translation>
    </message>
    <message>
        <source>There is no case database at {path}.</source>
        <translation>{path} 处没有工单数据库。</translation>
    </message>
    <message>
        <source>{path}: schema {revision}.</source>
        <translation>{path}：架构 {revision}。</translation>
    </message>
    <message>
        <source>A copy from before the migration is in {backup}.</source>
        <translation>迁移前的副本位于 {backup}。</translation>
    </message>
    <message>
        <source>{path} restored from {backup}; the damaged file was kept next to it.</source>
        <translation>已从 {backup} 恢复 {path}；损坏的文件保留在其旁边。</translation>
    </message>
    <message>
        <source>Demo data loaded into {path}: {customers} customers, {contacts} contacts, {cases} SRs, {call_logs} calls, {notes} notes.</source>
        <translation>演示数据已加载到 {path}：{customers} 个客户、{contacts} 个联系人、{cases} 个 SR、{call_logs} 个通话、{notes} 条备注。</translation>
    </message>
    <message>
        <source>{path} already holds data; no demo data added.</source>
        <translation>{path} 中已有数据；未添加演示数据。</translation>
    </message>
    <message>
        <source>Not a date: {text!r} (use YYYY-MM-DD).</source>
        <translation>不是日期：{text!r}（请使用 YYYY-MM-DD 格式）。</translation>
    </message>
    <message>
        <source>No calls.</source>
        <translation>没有通话。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间 (UTC)</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>对方</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>通话结果</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>UTC offset</source>
        <translation>UTC 时差</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Number (E.164)</source>
        <translation>号码 (E.164)</translation>
    </message>
    <message>
        <source>Caller ID name</source>
        <translation>对方显示名称</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>SR title</source>
        <translation>SR 标题</translation>
    </message>
    <message>
        <source>Disposition code</source>
        <translation>处理结果代码</translation>
    </message>
    <message>
        <source>Ringing (s)</source>
        <translation>振铃时长 (秒)</translation>
    </message>
    <message>
        <source>Talk (s)</source>
        <translation>通话时长 (秒)</translation>
    </message>
    <message>
        <source>Hold (s)</source>
        <translation>保持时长 (秒)</translation>
    </message>
    <message>
        <source>SR found by</source>
        <translation>SR 匹配方式</translation>
    </message>
    <message>
        <source>End reason</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>SIP Call-ID</source>
        <translation>SIP Call-ID</translation>
    </message>
    <message>
        <source>Call log ID</source>
        <translation>通话记录 ID</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>Inbound</source>
        <translation>呼入</translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>已拒接</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>已转接</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Withheld number</source>
        <translation>隐藏号码</translation>
    </message>
    <message>
        <source>rang {duration}</source>
        <translation>振铃 {duration}</translation>
    </message>
    <message>
        <source>An xlsx file is not for the terminal: give --output FILE.xlsx, or redirect the output to a file.</source>
        <translation>xlsx 文件不能输出到终端：请使用 --output 文件名.xlsx，或将输出重定向到文件。</translation>
    </message>
    <message>
        <source>Could not write {path}: {detail}</source>
        <translation>无法写入 {path}：{detail}</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) exported to {path}.</source>
        <translation>
            <numerusform>已将 %n 条通话导出到 {path}。</numerusform>
        </translation>
    </message>
    <message>
        <source>No retention is set ([audio] recording_retention_days); give --days to sweep anyway.</source>
        <translation>未设置保留期限（[audio] recording_retention_days）；如仍要清理，请指定 --days。</translation>
    </message>
    <message numerus="yes">
        <source>%n recording(s) older than {days} days deleted from {path}; call logs kept.</source>
        <translation>
            <numerusform>已从 {path} 删除 %n 个超过 {days} 天的录音；通话记录已保留。</numerusform>
        </translation>
    </message>
    <message>
        <source>Password for {aor}: </source>
        <translation>{aor} 的密码：</translation>
    </message>
    <message>
        <source>Central database {url} is ready (schema {revision}): roles caseline_agent and caseline_leader, row-level security on.</source>
        <translation>中央数据库 {url} 已就绪（架构 {revision}）：角色 caseline_agent 和 caseline_leader，已启用行级安全。</translation>
    </message>
    <message>
        <source>Team {name!r} saved; its queues: {queues}.</source>
        <translation>已保存团队 {name!r}；其队列：{queues}。</translation>
    </message>
    <message>
        <source>Call-log months are ready {ahead} months ahead ({made} added).</source>
        <translation>通话记录的月分区已准备到 {ahead} 个月之后（新增 {made} 个）。</translation>
    </message>
    <message>
        <source>Team leaders may listen in on their team&apos;s calls (the agent always sees it).</source>
        <translation>组长可以监听本组的通话（坐席始终会看到提示）。</translation>
    </message>
    <message>
        <source>Listening in is switched off: no leader can monitor a call.</source>
        <translation>监听已关闭：任何组长都无法监听通话。</translation>
    </message>
    <message>
        <source>Team {name!r} saved; it has no queues yet (add them with --queue).</source>
        <translation>已保存团队 {name!r}；尚无队列（用 --queue 添加）。</translation>
    </message>
    <message>
        <source>Agent {name!r} can now sign in to the central database as {role!r} (team {team!r}).</source>
        <translation>坐席 {name!r} 现在可以用 {role!r} 登录中央数据库（团队 {team!r}）。</translation>
    </message>
    <message>
        <source>Team leader {name!r} can now sign in to the central database as {role!r} and read the call logs, notes and agent states of team {team!r}.</source>
        <translation>组长 {name!r} 现在可以用 {role!r} 登录中央数据库，并查看团队 {team!r} 的通话记录、备注和坐席状态。</translation>
    </message>
    <message>
        <source>Database role {role!r} updated: {name!r}, team {team!r}; the new password applies from the next sign-in.</source>
        <translation>已更新数据库角色 {role!r}：{name!r}，团队 {team!r}；新密码从下次登录起生效。</translation>
    </message>
    <message>
        <source>Database password for {role}: </source>
        <translation>{role} 的数据库密码：</translation>
    </message>
    <message>
        <source>Repeat the password: </source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>The two passwords differ; nothing was changed.</source>
        <translation>两次输入的密码不一致；未做任何更改。</translation>
    </message>
    <message>
        <source>Not a PostgreSQL URL: {where} (use postgresql://user@host:5432/database).</source>
        <translation>不是 PostgreSQL URL：{where}（请使用 postgresql://user@host:5432/database）。</translation>
    </message>
    <message>
        <source>Cannot connect to the central database {where}: {detail}</source>
        <translation>无法连接中央数据库 {where}：{detail}</translation>
    </message>
    <message>
        <source>{where}: the role {detail!r} is not a PostgreSQL superuser; administering the central database needs the database administrator&apos;s URL.</source>
        <translation>{where}：角色 {detail!r} 不是 PostgreSQL 超级用户；管理中央数据库需要数据库管理员的 URL。</translation>
    </message>
    <message>
        <source>The central database {where} has no CaseLine schema yet; create it with: caseline central init --url URL</source>
        <translation>中央数据库 {where} 尚无 CaseLine 架构；请用以下命令创建：caseline central init --url URL</translation>
    </message>
    <message>
        <source>The central database {where} has schema {detail}; bring it up to date with: caseline central init --url URL</source>
        <translation>中央数据库 {where} 的架构为 {detail}；请用以下命令更新：caseline central init --url URL</translation>
    </message>
    <message>
        <source>The central database {where} has schema {detail}, written by a newer CaseLine; update CaseLine.</source>
        <translation>中央数据库 {where} 的架构 {detail} 来自更新版本的 CaseLine；请更新 CaseLine。</translation>
    </message>
    <message>
        <source>No team named {detail!r}; add it first with: caseline central add-team --url URL NAME</source>
        <translation>没有名为 {detail!r} 的团队；请先用以下命令添加：caseline central add-team --url URL NAME</translation>
    </message>
    <message>
        <source>The database role {detail!r} already exists and is not a CaseLine agent; choose another role name.</source>
        <translation>数据库角色 {detail!r} 已存在且不是 CaseLine 坐席；请换一个角色名。</translation>
    </message>
    <message>
        <source>{where!r} cannot be an agent&apos;s database role (empty, longer than 63 bytes, reserved, or beginning with pg_).</source>
        <translation>{where!r} 不能用作坐席的数据库角色（为空、超过 63 字节、为保留名或以 pg_ 开头）。</translation>
    </message>
    <message>
        <source>Not a usable name: {where!r} (empty, too long, or containing a NUL character).</source>
        <translation>名称不可用：{where!r}（为空、过长或含有 NUL 字符）。</translation>
    </message>
    <message>
        <source>The central database {where} refused the sign-in: check the role and the password (caseline sync --set-password). {detail}</source>
        <translation>中央数据库 {where} 拒绝了登录：请检查角色和密码（caseline sync --set-password）。{detail}</translation>
    </message>
    <message>
        <source>No secure connection to the central database {where}: {detail}</source>
        <translation>无法安全连接到中央数据库 {where}：{detail}</translation>
    </message>
    <message>
        <source>The central database {where} is on another machine and the URL does not ask for a verified secure connection, so nothing was sent. Add sslmode=verify-full&amp;sslrootcert=FILE (the certificate of the CA that signed the server&apos;s) to the URL&apos;s options. Only if the administrator accepts an unencrypted connection: set allow_insecure = true under [central] in the settings file.</source>
        <translation>中央数据库 {where} 位于另一台机器上，而 URL 未要求经过验证的安全连接，因此未发送任何内容。请在 URL 的选项中添加 sslmode=verify-full&amp;sslrootcert=FILE(签发服务器证书的 CA 的证书)。仅当管理员接受未加密连接时：在设置文件的 [central] 下设置 allow_insecure = true。</translation>
    </message>
    <message>
        <source>The central database {where} is on another machine and the URL does not ask for a verified secure connection, so the superuser&apos;s password was not sent. Add sslmode=verify-full&amp;sslrootcert=FILE to the URL, or give --allow-insecure if you accept an unencrypted connection.</source>
        <translation>中央数据库 {where} 位于另一台机器上，而 URL 未要求经过验证的安全连接，因此未发送超级用户的密码。请在 URL 中加入 sslmode=verify-full&amp;sslrootcert=FILE；如果接受未加密的连接，请加上 --allow-insecure。</translation>
    </message>
    <message>
        <source>No password for {where} in the keyring; store it with: caseline sync --set-password</source>
        <translation>密钥环中没有 {where} 的密码；请用以下命令保存：caseline sync --set-password</translation>
    </message>
    <message>
        <source>No central database is configured: set [central] url in {path} or CASELINE_CENTRAL_URL.</source>
        <translation>未配置中央数据库：请在 {path} 中设置 [central] url，或设置 CASELINE_CENTRAL_URL。</translation>
    </message>
    <message>
        <source>The password for {where} is now in the keyring.</source>
        <translation>{where} 的密码已保存到密钥环。</translation>
    </message>
    <message>
        <source>Sync done: {pushed} sent, {pulled} received, {queued} waiting.</source>
        <translation>同步完成：已发送 {pushed} 条，已接收 {pulled} 条，等待 {queued} 条。</translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) were changed here and centrally: choose the values to keep in CaseLine.</source>
        <translation>
            <numerusform>%n 个SR在本机和中央都被修改：请在 CaseLine 中选择要保留的值。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) were refused by the central database and wait here; see the sync status in CaseLine.</source>
        <translation>
            <numerusform>%n 项更改被中央数据库拒绝，正保留在本机；请查看 CaseLine 中的同步状态。</numerusform>
        </translation>
    </message>
    <message>
        <source>{old} is now {new}: that SR number was already taken centrally.</source>
        <translation>{old} 已改为 {new}：该SR编号在中央已被占用。</translation>
    </message>
    <message>
        <source>The central database {where} refused: {detail}</source>
        <translation>中央数据库 {where} 拒绝了操作：{detail}</translation>
    </message>
    <message>
        <source>The days must be YYYY-MM-DD, the first not after the last: {first} to {last}.</source>
        <translation>日期须为 YYYY-MM-DD，且开始日不能晚于结束日：{first} 至 {last}。</translation>
    </message>
    <message>
        <source>Unknown time zone {tz!r}: give an IANA name such as Asia/Tokyo.</source>
        <translation>未知时区 {tz!r}：请给出 IANA 名称，例如 Asia/Tokyo。</translation>
    </message>
    <message>
        <source>No team named {team!r}.</source>
        <translation>没有名为 {team!r} 的团队。</translation>
    </message>
    <message>
        <source>You are not the leader of team {team!r}: its figures are not yours to read.</source>
        <translation>您不是团队 {team!r} 的组长，无权查看其数据。</translation>
    </message>
    <message>
        <source>Only a team leader may read KPIs: the configured role is an agent&apos;s.</source>
        <translation>只有组长可以查看 KPI：所配置的角色是坐席的角色。</translation>
    </message>
    <message>
        <source>Cannot write {path}: {detail}</source>
        <translation>无法写入 {path}：{detail}</translation>
    </message>
    <message>
        <source>Report written: {paths}</source>
        <translation>报表已写出：{paths}</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>PROBLEM</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>Everything checked works.</source>
        <translation>检查的项目全部正常。</translation>
    </message>
    <message>
        <source>Some checks failed: each line marked PROBLEM says what to do.</source>
        <translation>部分检查未通过：标有“有问题”的每一行都说明了处理方法。</translation>
    </message>
    <message>
        <source>The system keyring works ({detail}).</source>
        <translation>系统密钥环工作正常（{detail}）。</translation>
    </message>
    <message>
        <source>No usable system keyring ({detail}), so CaseLine cannot keep passwords. On this desktop use GNOME Keyring: install the gnome-keyring package, then log out and in again (or start it now with: gnome-keyring-daemon --start --components=secrets). Then run caseline doctor again.</source>
        <translation>没有可用的系统密钥环（{detail}），因此 CaseLine 无法保存密码。此桌面请使用 GNOME Keyring：安装 gnome-keyring 软件包，然后注销并重新登录（或立即启动：gnome-keyring-daemon --start --components=secrets）。然后再次运行 caseline doctor。</translation>
    </message>
    <message>
        <source>No usable system keyring ({detail}), so CaseLine cannot keep passwords. On KDE use KWallet: turn it on in System Settings &gt; KDE Wallet (packages kwalletmanager and kwalletd6 or kwalletd5), then run caseline doctor again.</source>
        <translation>没有可用的系统密钥环（{detail}），因此 CaseLine 无法保存密码。KDE 请使用 KWallet：在“系统设置 &gt; KDE 钱包”中启用它（软件包 kwalletmanager 以及 kwalletd6 或 kwalletd5），然后再次运行 caseline doctor。</translation>
    </message>
    <message>
        <source>No usable system keyring ({detail}), so CaseLine cannot keep passwords. Install KeePassXC and turn on its Secret Service integration (Tools &gt; Settings &gt; Secret Service Integration), or install GNOME Keyring; then run caseline doctor again.</source>
        <translation>没有可用的系统密钥环（{detail}），因此 CaseLine 无法保存密码。请安装 KeePassXC 并启用其 Secret Service 集成（工具 &gt; 设置 &gt; Secret Service 集成），或安装 GNOME Keyring；然后再次运行 caseline doctor。</translation>
    </message>
    <message>
        <source>The system keyring is locked ({detail}): unlock it, then run caseline doctor again.</source>
        <translation>系统密钥环已锁定（{detail}）：请解锁后再次运行 caseline doctor。</translation>
    </message>
    <message>
        <source>The system keyring does not work ({detail}): restart it or log in again, then run caseline doctor again.</source>
        <translation>系统密钥环无法工作（{detail}）：请重新启动它或重新登录，然后再次运行 caseline doctor。</translation>
    </message>
    <message>
        <source>No SIP account is set up: only direct calls work. Add one in Settings or with: caseline account add --server S --user U</source>
        <translation>尚未设置 SIP 账户：只能进行直接呼叫。请在设置中添加，或使用：caseline account add --server S --user U</translation>
    </message>
    <message>
        <source>The server address {detail!r} cannot be used: write it as host or host:port.</source>
        <translation>服务器地址 {detail!r} 无法使用：请写成 主机 或 主机:端口。</translation>
    </message>
    <message>
        <source>The server name {host} was found ({detail}).</source>
        <translation>已找到服务器名 {host}（{detail}）。</translation>
    </message>
    <message>
        <source>The server name {host} does not exist (DNS: {detail}). Check the server address in the account for a typing error.</source>
        <translation>服务器名 {host} 不存在（DNS：{detail}）。请检查账户中的服务器地址是否有输入错误。</translation>
    </message>
    <message>
        <source>No DNS server answered for {host} ({detail}). Check the network connection and the DNS settings.</source>
        <translation>没有 DNS 服务器回应 {host}（{detail}）。请检查网络连接和 DNS 设置。</translation>
    </message>
    <message>
        <source>The server name {host} could not be looked up ({detail}). Check the network connection and the DNS settings.</source>
        <translation>无法查询服务器名 {host}（{detail}）。请检查网络连接和 DNS 设置。</translation>
    </message>
    <message>
        <source>A connection to {host}:{port} ({detail}) was opened.</source>
        <translation>已建立到 {host}:{port} 的连接（{detail}）。</translation>
    </message>
    <message>
        <source>{host}:{port} refused the connection: nothing takes SIP on that port. Check the port and the transport (UDP, TCP, TLS) with your phone system&apos;s administrator.</source>
        <translation>{host}:{port} 拒绝了连接：该端口上没有接收 SIP 的服务。请向电话系统管理员确认端口和传输方式（UDP、TCP、TLS）。</translation>
    </message>
    <message>
        <source>There is no network route to {host}:{port} ({detail}). Check the network cable, Wi-Fi or VPN.</source>
        <translation>没有到 {host}:{port} 的网络路由（{detail}）。请检查网线、Wi-Fi 或 VPN。</translation>
    </message>
    <message>
        <source>{host}:{port} did not answer the connection attempt: a firewall may drop it, or the address is wrong.</source>
        <translation>{host}:{port} 没有回应连接请求：可能被防火墙丢弃，或地址有误。</translation>
    </message>
    <message>
        <source>The connection to {host}:{port} failed: {detail}</source>
        <translation>到 {host}:{port} 的连接失败：{detail}</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is valid; the connection is encrypted ({detail}).</source>
        <translation>服务器证书有效，连接已加密（{detail}）。</translation>
    </message>
    <message>
        <source>The certificate of {host}:{port} has expired ({detail}). The phone system&apos;s administrator must renew it.</source>
        <translation>{host}:{port} 的证书已过期（{detail}）。需要电话系统管理员续订。</translation>
    </message>
    <message>
        <source>The certificate of {host}:{port} is not valid yet ({detail}). Check this PC&apos;s date and time.</source>
        <translation>{host}:{port} 的证书尚未生效（{detail}）。请检查本机的日期和时间。</translation>
    </message>
    <message>
        <source>The certificate of {host}:{port} is made out to another name ({detail}). Use the name on the certificate as the server address, or ask the administrator for a certificate with this name.</source>
        <translation>{host}:{port} 的证书是为其他名称签发的（{detail}）。请使用证书上的名称作为服务器地址，或请管理员提供此名称的证书。</translation>
    </message>
    <message>
        <source>The certificate of {host}:{port} comes from an unknown authority ({detail}). Set the CA certificate your administrator gives you ([sip] tls_ca_file, or Settings).</source>
        <translation>{host}:{port} 的证书来自未知的证书颁发机构（{detail}）。请设置管理员提供的 CA 证书（[sip] tls_ca_file 或设置界面）。</translation>
    </message>
    <message>
        <source>The TLS certificate files in the settings cannot be read: {detail}</source>
        <translation>无法读取设置中的 TLS 证书文件：{detail}</translation>
    </message>
    <message>
        <source>No secure connection (TLS) to {host}:{port}: {detail}. Check that this is the server&apos;s TLS port.</source>
        <translation>无法与 {host}:{port} 建立安全连接（TLS）：{detail}。请确认这是服务器的 TLS 端口。</translation>
    </message>
    <message>
        <source>{host}:{port} does not answer over UDP but does over TCP: UDP is blocked on the way. Set the account&apos;s transport to TCP or TLS.</source>
        <translation>{host}:{port} 通过 UDP 没有回应，但通过 TCP 有回应：UDP 在途中被阻止。请将账户的传输方式改为 TCP 或 TLS。</translation>
    </message>
    <message>
        <source>The registrar {host}:{port} did not answer ({detail}). Check the address and port; a firewall may drop SIP.</source>
        <translation>注册服务器 {host}:{port} 没有回应（{detail}）。请检查地址和端口；防火墙可能丢弃了 SIP。</translation>
    </message>
    <message>
        <source>The registrar asks for a password and the keyring holds none for this account: enter it in Settings (Accounts).</source>
        <translation>注册服务器要求输入密码，但密钥环中没有此账户的密码：请在设置（账户）中输入。</translation>
    </message>
    <message>
        <source>The registrar asks for a password, which CaseLine keeps in the system keyring: get the keyring working first (see its line above).</source>
        <translation>注册服务器要求输入密码，而 CaseLine 将密码保存在系统密钥环中：请先让密钥环正常工作（见上面一行）。</translation>
    </message>
    <message>
        <source>The registrar refused the user name or the password ({status} {detail}). Check both in Settings (Accounts); the authentication user may differ from the extension.</source>
        <translation>注册服务器拒绝了用户名或密码（{status} {detail}）。请在设置（账户）中检查两者；认证用户可能与分机号不同。</translation>
    </message>
    <message>
        <source>The registrar refused the registration: {status} {detail}. Ask your phone system&apos;s administrator whether this account may register from here.</source>
        <translation>注册服务器拒绝了注册：{status} {detail}。请询问电话系统管理员此账户是否可以从这里注册。</translation>
    </message>
    <message>
        <source>The registrar {host}:{port} answered something that is not SIP: {detail}</source>
        <translation>注册服务器 {host}:{port} 返回了不是 SIP 的内容：{detail}</translation>
    </message>
    <message>
        <source>Registered with {host}:{port} and unregistered again: the account works.</source>
        <translation>已在 {host}:{port} 注册并再次注销：账户工作正常。</translation>
    </message>
    <message>
        <source>{host}:{port} answers ({status} {detail}); this account does not register.</source>
        <translation>{host}:{port} 有回应（{status} {detail}）；此账户不进行注册。</translation>
    </message>
    <message>
        <source>Microphone: {detail}.</source>
        <translation>麦克风：{detail}。</translation>
    </message>
    <message>
        <source>No microphone was found. Plug in a headset, or check that the sound system (PulseAudio or PipeWire) is running.</source>
        <translation>未找到麦克风。请插入耳机，或检查声音系统（PulseAudio 或 PipeWire）是否在运行。</translation>
    </message>
    <message>
        <source>Diagnostics saved to {path}, with passwords and credentials removed: send this file to your support desk.</source>
        <translation>诊断信息已保存到 {path}（已删除密码和凭据）：请将此文件发送给支持部门。</translation>
    </message>
</context>
<context>
    <name>kpi</name>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>呼入数</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>接听数</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未接数</translation>
    </message>
    <message>
        <source>Answered in target</source>
        <translation>目标时间内接听数</translation>
    </message>
    <message>
        <source>Service level</source>
        <translation>服务水平</translation>
    </message>
    <message>
        <source>Average speed of answer (s)</source>
        <translation>平均应答速度（秒）</translation>
    </message>
    <message>
        <source>Average handle time (s)</source>
        <translation>平均处理时长（秒）</translation>
    </message>
    <message>
        <source>Talk (s)</source>
        <translation>通话（秒）</translation>
    </message>
    <message>
        <source>Hold (s)</source>
        <translation>保持（秒）</translation>
    </message>
    <message>
        <source>Wrap-up (s)</source>
        <translation>话后处理（秒）</translation>
    </message>
    <message>
        <source>Answered on an SR</source>
        <translation>关联 SR 的接听数</translation>
    </message>
    <message>
        <source>Resolved first time</source>
        <translation>首次解决数</translation>
    </message>
    <message>
        <source>First-contact resolution</source>
        <translation>首次解决率</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>转接数</translation>
    </message>
    <message>
        <source>Transfer rate</source>
        <translation>转接率</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>升级数</translation>
    </message>
    <message>
        <source>Escalation rate</source>
        <translation>升级率</translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation>呼出数</translation>
    </message>
    <message>
        <source>Missed, called back</source>
        <translation>未接后回拨数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Break reason</source>
        <translation>休息原因</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>时长（秒）</translation>
    </message>
    <message>
        <source>Logged in (s)</source>
        <translation>登录时长（秒）</translation>
    </message>
    <message>
        <source>Talk, hold and wrap-up (s)</source>
        <translation>通话、保持和话后处理（秒）</translation>
    </message>
    <message>
        <source>Occupancy</source>
        <translation>占用率</translation>
    </message>
    <message>
        <source>Calls measured</source>
        <translation>已测量质量的通话</translation>
    </message>
    <message>
        <source>Poor calls</source>
        <translation>质量差的通话</translation>
    </message>
    <message>
        <source>Poor share</source>
        <translation>质量差占比</translation>
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
        <translation>平均丢包率 (%)</translation>
    </message>
    <message>
        <source>Mean jitter (ms)</source>
        <translation>平均抖动 (ms)</translation>
    </message>
    <message>
        <source>Mean round trip (ms)</source>
        <translation>平均往返时延 (ms)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>By agent</source>
        <translation>按坐席</translation>
    </message>
    <message>
        <source>By queue</source>
        <translation>按队列</translation>
    </message>
    <message>
        <source>By language</source>
        <translation>按语言</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>按日</translation>
    </message>
    <message>
        <source>States</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Call quality</source>
        <translation>通话质量</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>来电人</translation>
    </message>
    <message>
        <source>SR</source>
        <translation>SR</translation>
    </message>
    <message>
        <source>SR title</source>
        <translation>SR 标题</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Caller&apos;s language</source>
        <translation>来电人语言</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Ring (s)</source>
        <translation>振铃（秒）</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话</translation>
    </message>
</context>
</TS>
