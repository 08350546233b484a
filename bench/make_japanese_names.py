"""Write src/peerpact/record/japanese_names.txt: Japanese names in kanji and
how they are read (katakana), for redaction to find a name recorded in
kanji when it is written in Latin letters (``peerpact.record.japanese``).

From Faker's ja_JP names (MIT licence: kanji, katakana and Latin letters
for each), and the common family and given names below, which Faker
lacks. A name with several readings keeps them all, comma-separated.

Usage: python bench/make_japanese_names.py     (rewrites the file; commit it)
"""

from __future__ import annotations

from pathlib import Path

from faker.providers.person.ja_JP import Provider

OUT = Path(__file__).resolve().parent.parent / "src/peerpact/record/japanese_names.txt"

#: Common names Faker does not have, with their usual readings.
MORE = """
金子 カネコ|中野 ナカノ|原田 ハラダ|竹内 タケウチ|小野 オノ|田村 タムラ|中山 ナカヤマ|和田 ワダ
石田 イシダ|森田 モリタ|上田 ウエダ|原 ハラ|内田 ウチダ|柴田 シバタ|酒井 サカイ|宮崎 ミヤザキ
横山 ヨコヤマ|高木 タカギ|安藤 アンドウ|宮本 ミヤモト|大野 オオノ|小島 コジマ|谷口 タニグチ
今井 イマイ|工藤 クドウ|高田 タカダ|増田 マスダ|丸山 マルヤマ|杉山 スギヤマ|村田 ムラタ
大塚 オオツカ|新井 アライ|小山 コヤマ|平野 ヒラノ|藤本 フジモト|河野 コウノ,カワノ|上野 ウエノ
野口 ノグチ|武田 タケダ|松井 マツイ|千葉 チバ|岩崎 イワサキ|菅原 スガワラ|木下 キノシタ
久保 クボ|佐野 サノ|野村 ノムラ|松尾 マツオ|市川 イチカワ|菊地 キクチ|杉本 スギモト|古川 フルカワ
大西 オオニシ|島田 シマダ|水野 ミズノ|桜井 サクライ|高野 タカノ|渡部 ワタナベ,ワタベ|吉川 ヨシカワ
山内 ヤマウチ|西田 ニシダ|飯田 イイダ|菊池 キクチ|西川 ニシカワ|小松 コマツ|北村 キタムラ
安田 ヤスダ|五十嵐 イガラシ|川口 カワグチ|平田 ヒラタ|中田 ナカタ|久保田 クボタ|服部 ハットリ
岩田 イワタ|土屋 ツチヤ|川崎 カワサキ|福島 フクシマ|本田 ホンダ|樋口 ヒグチ|秋山 アキヤマ
田口 タグチ|永井 ナガイ|山中 ヤマナカ|中西 ナカニシ|吉村 ヨシムラ|川上 カワカミ|石原 イシハラ
大橋 オオハシ|松岡 マツオカ|馬場 ババ|浅野 アサノ|荒木 アラキ|大久保 オオクボ|野田 ノダ
星野 ホシノ|黒田 クロダ|尾崎 オザキ|望月 モチヅキ|永田 ナガタ|熊谷 クマガイ|内藤 ナイトウ
松村 マツムラ|西山 ニシヤマ|大谷 オオタニ|平井 ヒライ|大島 オオシマ|岩本 イワモト|片山 カタヤマ
本間 ホンマ|早川 ハヤカワ|横田 ヨコタ|岡崎 オカザキ|荒井 アライ|大石 オオイシ|宮田 ミヤタ
小田 オダ|石橋 イシバシ|篠原 シノハラ|須藤 スドウ|河合 カワイ|大森 オオモリ|高山 タカヤマ
田辺 タナベ|川村 カワムラ|堀 ホリ|辻 ツジ|関 セキ|東 ヒガシ,アズマ|宮下 ミヤシタ|松下 マツシタ
翔 ショウ,カケル|蓮 レン|大翔 ヒロト,ハルト|悠真 ユウマ|陽翔 ハルト|湊 ミナト|健太 ケンタ
大輔 ダイスケ|誠 マコト|拓也 タクヤ|達也 タツヤ|雄一 ユウイチ|健 ケン,タケシ|剛 ツヨシ,ゴウ
隆 タカシ|博 ヒロシ|清 キヨシ|茂 シゲル|勇 イサム|正 タダシ|一郎 イチロウ|次郎 ジロウ
三郎 サブロウ|優 ユウ,マサル|大介 ダイスケ|健二 ケンジ|浩二 コウジ|誠一 セイイチ|哲也 テツヤ
大樹 ダイキ,ヒロキ|亮 リョウ|翔平 ショウヘイ|隼人 ハヤト|光 ヒカル|陸 リク|颯太 ソウタ
陽菜 ヒナ,ハルナ|結菜 ユイナ|さくら サクラ|美咲 ミサキ|愛 アイ|恵 メグミ|由美 ユミ|裕子 ユウコ
恵子 ケイコ|久美子 クミコ|智子 トモコ|洋子 ヨウコ|京子 キョウコ|幸子 サチコ|和子 カズコ
美穂 ミホ|真由美 マユミ|麻衣 マイ|彩 アヤ|優子 ユウコ|由美子 ユミコ|明子 アキコ|純子 ジュンコ
奈々 ナナ|美香 ミカ|葵 アオイ|凛 リン|結衣 ユイ|芽衣 メイ|陽子 ヨウコ|真理子 マリコ
"""


def main() -> None:
    readings: dict[str, list[str]] = {}
    pairs = [*Provider.first_name_pairs, *Provider.last_name_pairs]
    more = [tuple(entry.split(" ")) for entry in MORE.replace("\n", "|").split("|") if entry]
    for name, kana, *_ in [*pairs, *more]:
        for reading in kana.split(","):
            if reading not in readings.setdefault(name, []):
                readings[name].append(reading)
    lines = [f"{name}\t{','.join(kana)}" for name, kana in sorted(readings.items())]
    header = "# Made by bench/make_japanese_names.py: a name in kanji, its readings in katakana.\n"
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} names written to {OUT}")


if __name__ == "__main__":
    main()
